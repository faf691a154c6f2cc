import { expect, test } from 'vitest'
import { DecodeError, UnsupportedVersionError } from '../errors/index.ts'
import { erc20TransferMiniBlock } from './erc20TransferMiniBlock.ts'
import { decodeStreamEvent, encodeStreamEvent } from './streamEvent.ts'

const event = { kind: 'miniBlock' as const, seq: 99n, miniBlock: erc20TransferMiniBlock }

test('a mini-block event is version, kind 1, seq, then the mini-block body', () => {
  const bytes = encodeStreamEvent(event)
  expect([...bytes.subarray(0, 3)]).toStrictEqual([1, 1, 99])
  expect(decodeStreamEvent(bytes)).toStrictEqual(event)
})

test('unknown kinds and versions are rejected with typed errors', () => {
  const bytes = encodeStreamEvent(event)
  expect(() => decodeStreamEvent(Uint8Array.of(1, 3, ...bytes.subarray(2)))).toThrow(DecodeError)
  expect(() => decodeStreamEvent(Uint8Array.of(0, ...bytes.subarray(1)))).toThrow(UnsupportedVersionError)
})
