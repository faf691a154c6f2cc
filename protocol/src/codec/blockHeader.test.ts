import { bytesToHex, hexToBytes, keccak256, numberToHex, toRlp } from 'viem'
import { describe, expect, test } from 'vitest'
import { DecodeError } from '../errors/index.ts'
import { decodeRlp, encodeRlp, type RlpItem } from '../rlp/index.ts'
import type { BlockHeader } from '../types/index.ts'
import { decodeBlockHeader, encodeBlockHeader, hashBlockHeader } from './blockHeader.ts'
import { EncodeError } from './EncodeError.ts'

const h = (hex: string) => hexToBytes(hex as `0x${string}`)

/** Ethereum mainnet block 24 630 100 (0x177d354), a post-Prague header, as returned by eth_getBlockByNumber. */
const mainnetHeader: BlockHeader = {
  parentHash: h('0x63ce16602b2afe4089fa8e0a2c16be1a2dea1c4d30b65bd717d9398ddd5fba23'),
  uncleHash: h('0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347'),
  coinbase: h('0xdadb0d80178819f2319190d340ce9a924f783711'),
  stateRoot: h('0x41ebb402f36d0ce15799e98d1aca83bbb5d4b08d1b6572e73b388e4ece192916'),
  transactionsRoot: h('0x3b889eb9fa0713d2e1d9e90725d45fd04ec4a550a7a390639c243c5f3b2c6215'),
  receiptsRoot: h('0x52fc280ab6b1db61781dae4cc5f81b7ddd484eae78320bdd8161d5b2fe8e7719'),
  logsBloom: h(
    '0xfffffef97ffdf7dfb75fbbfeffffdfffffbeefffffbbffff6ffffdffbffffaf9df7fff7f7fff6ffbffffdfdffbffffff76fffffcbf7ffbfffffeefffffff7df7bffffffdefffff8fdfdf7f7ceffdffff7ff77affe7ef5ff5fbfff57ff7eeadfffffffabfff7bdffbbfbffcfffdefffeffefffffffff5fffefdffdffbffffdfdffbffe7fffffffffdffebf7e37fdfe977f7fbdfefdffddffffffffff5f97ffffdfbffdf7fffffbff9feff77afffefffeef77ffff7fff6fffeffd77ffffeefefdb7bffffff7f7ffdfbff7ffffffffefdffdffddffffffefffffffefdfbf7fdffef7fffff3bdf7fff6cefffdfffdf7ffffeffbfbffffdafffdfbf7efdbeffff7fff',
  ),
  difficulty: 0n,
  number: 0x177d354n,
  gasLimit: 0x3938700n,
  gasUsed: 0x1a4ed69n,
  timestamp: 0x69b09d6bn,
  extraData: h('0x4275696c6465724e6574202842656176657229'),
  mixHash: h('0xf824cbc0bffaa4862fffafa96c2cce90898dda8b97fc3eaa6a85ac38075991e5'),
  nonce: h('0x0000000000000000'),
  baseFeePerGas: 0x246edf3n,
  withdrawalsRoot: h('0x76abcbef0846a5bd065d0207581dacc3cf8df4ec2ba0a8e4d4fbbe97864b82ee'),
  blobGasUsed: 0x40000n,
  excessBlobGas: 0xa2a720en,
  parentBeaconBlockRoot: h('0xd9b957562f8477151f61eddc77bcad7451ef62eab8f4fe470402073a794e8bba'),
  requestsHash: h('0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'),
}
const mainnetHash = '0x6c4c6ea047f0ca4bcb0b0fbbcc2e50061d8dd24ba1ab8a22a6d3583a497c3c82'

/** The header's RLP list with one field replaced, for building invalid inputs. */
function withField(index: number, value: RlpItem): Uint8Array {
  const fields = decodeRlp(encodeBlockHeader(mainnetHeader)) as RlpItem[]
  return encodeRlp(fields.map((field, i) => (i === index ? value : field)))
}

describe('block header', () => {
  test('hash of a real mainnet header matches its block hash', () => {
    expect(bytesToHex(hashBlockHeader(mainnetHeader))).toBe(mainnetHash)
  })

  test('RLP agrees with viem field by field, and decodes back', () => {
    // Ethereum quantities: minimal bytes, zero as the empty string.
    const q = (v: bigint) => (v === 0n ? '0x' : numberToHex(v))
    const m = mainnetHeader
    const viemRlp = toRlp([
      ...[
        m.parentHash,
        m.uncleHash,
        m.coinbase,
        m.stateRoot,
        m.transactionsRoot,
        m.receiptsRoot,
        m.logsBloom,
      ].map((b) => bytesToHex(b)),
      ...[m.difficulty, m.number, m.gasLimit, m.gasUsed, m.timestamp].map(q),
      bytesToHex(m.extraData),
      bytesToHex(m.mixHash),
      bytesToHex(m.nonce),
      q(m.baseFeePerGas),
      bytesToHex(m.withdrawalsRoot),
      q(m.blobGasUsed),
      q(m.excessBlobGas),
      bytesToHex(m.parentBeaconBlockRoot),
      bytesToHex(m.requestsHash),
    ] as `0x${string}`[])
    const rlp = encodeBlockHeader(m)
    expect(bytesToHex(rlp)).toBe(viemRlp)
    expect(keccak256(viemRlp)).toBe(mainnetHash)
    expect(decodeBlockHeader(rlp)).toStrictEqual(m)
  })

  test.each<[string, Uint8Array]>([
    ['a byte string instead of a list', encodeRlp(new Uint8Array(3))],
    [
      '20 fields (pre-Prague)',
      encodeRlp((decodeRlp(encodeBlockHeader(mainnetHeader)) as RlpItem[]).slice(0, 20)),
    ],
    ['a list where a hash belongs', withField(0, [])],
    ['a 19-byte coinbase', withField(2, new Uint8Array(19))],
    ['a 255-byte bloom', withField(6, new Uint8Array(255))],
    ['a quantity with a leading zero', withField(8, new Uint8Array([0, 1]))],
    ['zero quantity as a 0x00 byte', withField(7, h('0x00'))],
    ['a 33-byte quantity', withField(15, new Uint8Array(33).fill(1))],
    ['33 bytes of extraData', withField(12, new Uint8Array(33))],
    ['a 9-byte nonce', withField(14, new Uint8Array(9))],
  ])('rejects %s', (_name, rlp) => {
    expect(() => decodeBlockHeader(rlp)).toThrow(DecodeError)
  })

  test.each<[string, Partial<BlockHeader>]>([
    ['a 21-byte coinbase', { coinbase: new Uint8Array(21) }],
    ['a 31-byte state root', { stateRoot: new Uint8Array(31) }],
    ['a negative number', { number: -1n }],
    ['a quantity over 2^256', { baseFeePerGas: 1n << 256n }],
    ['33 bytes of extraData', { extraData: new Uint8Array(33) }],
  ])('refuses to encode %s', (_name, change) => {
    expect(() => encodeBlockHeader({ ...mainnetHeader, ...change })).toThrow(EncodeError)
  })
})
