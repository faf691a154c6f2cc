import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { DecodeError, UnsupportedVersionError } from '../errors/index.ts'
import * as arb from './arbitraries.ts'
import { decodeBlock, encodeBlock } from './block.ts'
import { decodeBlockHeader, encodeBlockHeader } from './blockHeader.ts'
import { decodeGenesis, encodeGenesis } from './genesis.ts'
import { decodeLinkRequest, encodeLinkRequest } from './linkRequest.ts'
import { decodeLinkResponse, encodeLinkResponse } from './linkResponse.ts'
import { decodeMiniBlock, encodeMiniBlock } from './miniBlock.ts'
import { decodeStateDiff, encodeStateDiff } from './stateDiff.ts'
import { decodeStreamEvent, encodeStreamEvent } from './streamEvent.ts'

type Codec<T> = {
  name: string
  arbitrary: fc.Arbitrary<T>
  encode: (value: T) => Uint8Array
  decode: (bytes: Uint8Array) => T
  /** Leading bytes that get a random input past the version and kind checks. */
  prefixes: number[][]
}

const codec = <T>(c: Codec<T>) => c as Codec<unknown>
const codecs = [
  codec({
    name: 'state diff',
    arbitrary: arb.stateDiff,
    encode: encodeStateDiff,
    decode: decodeStateDiff,
    prefixes: [[1]],
  }),
  codec({
    name: 'mini-block',
    arbitrary: arb.miniBlock,
    encode: encodeMiniBlock,
    decode: decodeMiniBlock,
    prefixes: [[1]],
  }),
  codec({
    name: 'block header',
    arbitrary: arb.blockHeader,
    encode: encodeBlockHeader,
    decode: decodeBlockHeader,
    prefixes: [[0xf9, 0x02]],
  }),
  codec({ name: 'block', arbitrary: arb.block, encode: encodeBlock, decode: decodeBlock, prefixes: [[1]] }),
  codec({
    name: 'stream event',
    arbitrary: arb.streamEvent,
    encode: encodeStreamEvent,
    decode: decodeStreamEvent,
    prefixes: [
      [1, 1],
      [1, 2],
    ],
  }),
  codec({
    name: 'link request',
    arbitrary: arb.linkRequest,
    encode: encodeLinkRequest,
    decode: decodeLinkRequest,
    prefixes: [
      [1, 1],
      [1, 2],
    ],
  }),
  codec({
    name: 'link response',
    arbitrary: arb.linkResponse,
    encode: encodeLinkResponse,
    decode: decodeLinkResponse,
    prefixes: [
      [1, 1, 1],
      [1, 2],
      [1, 3],
      [1, 4],
      [1, 8],
    ],
  }),
  codec({
    name: 'genesis',
    arbitrary: arb.genesis,
    encode: encodeGenesis,
    decode: decodeGenesis,
    prefixes: [[1], [1, 0x89, 0x7a, 0xe8, 0x07, 0x80, 0x87, 0xa7, 0x0e]],
  }),
]

/** Decoding either succeeds or fails with one of the two typed errors; anything else is a bug. */
function decodesOrThrowsTyped(decode: (bytes: Uint8Array) => unknown, bytes: Uint8Array): void {
  try {
    decode(bytes)
  } catch (error) {
    if (!(error instanceof DecodeError || error instanceof UnsupportedVersionError)) throw error
  }
}

function thrown(decode: (bytes: Uint8Array) => unknown, bytes: Uint8Array): unknown {
  try {
    decode(bytes)
  } catch (error) {
    return error
  }
  return undefined
}

function concat(a: ArrayLike<number>, b: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

describe.each(codecs)('$name', ({ arbitrary, encode, decode, prefixes }) => {
  test('decode(encode(x)) equals x', () => {
    fc.assert(
      fc.property(arbitrary, (value) => {
        expect(decode(encode(value))).toStrictEqual(value)
      }),
      { numRuns: 200 },
    )
  })

  test('encoding is deterministic through a round trip', () => {
    fc.assert(
      fc.property(arbitrary, (value) => {
        const bytes = encode(value)
        expect(encode(decode(bytes))).toStrictEqual(bytes)
      }),
    )
  })

  test('arbitrary bytes decode or throw a typed error', () => {
    const prefixed = fc
      .tuple(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 400 }))
      .map(([prefix, rest]) => concat(prefix, rest))
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 400 }), prefixed), (bytes) => {
        decodesOrThrowsTyped(decode, bytes)
      }),
      { numRuns: 2000 },
    )
  })

  test('every truncation throws DecodeError', () => {
    fc.assert(
      fc.property(arbitrary, (value) => {
        const bytes = encode(value)
        for (let length = 0; length < bytes.length; length++) {
          // A plain check: `expect` per prefix would dominate the run time.
          if (!(thrown(decode, bytes.subarray(0, length)) instanceof DecodeError)) {
            throw new Error(`prefix of ${length} of ${bytes.length} bytes did not throw DecodeError`)
          }
        }
      }),
      { numRuns: 25 },
    )
  })

  test('every single-byte corruption decodes or throws a typed error', () => {
    fc.assert(
      fc.property(arbitrary, fc.integer({ min: 1, max: 255 }), (value, mask) => {
        const bytes = encode(value)
        for (let i = 0; i < bytes.length; i++) {
          const corrupt = bytes.slice()
          corrupt[i] ^= mask
          decodesOrThrowsTyped(decode, corrupt)
        }
      }),
      { numRuns: 25 },
    )
  })

  test('trailing bytes are rejected', () => {
    fc.assert(
      fc.property(arbitrary, fc.uint8Array({ minLength: 1, maxLength: 8 }), (value, extra) => {
        expect(() => decode(concat(encode(value), extra))).toThrow(DecodeError)
      }),
    )
  })

  test('decoding a Node Buffer gives plain, unshared Uint8Arrays', () => {
    fc.assert(
      fc.property(arbitrary, (value) => {
        expect(decode(Buffer.from(encode(value)))).toStrictEqual(value)
      }),
      { numRuns: 50 },
    )
  })
})

test('a block whose header was tampered with fails the hash check', () => {
  fc.assert(
    fc.property(arb.block, fc.nat(31), (block, at) => {
      const stateRoot = block.header.stateRoot.slice()
      stateRoot[at] ^= 1
      const tampered = { ...block, header: { ...block.header, stateRoot } }
      expect(() => decodeBlock(encodeBlock(tampered))).toThrow(/does not match keccak256/)
    }),
  )
})
