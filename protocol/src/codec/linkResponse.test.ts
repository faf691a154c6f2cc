import fc from 'fast-check'
import { expect, test } from 'vitest'
import { DecodeError } from '../errors/index.ts'
import { streamEvent } from './arbitraries.ts'
import { erc20TransferMiniBlock } from './erc20TransferMiniBlock.ts'
import { decodeLinkResponse, encodeEventResponse, encodeLinkResponse } from './linkResponse.ts'
import { encodeStreamEvent } from './streamEvent.ts'

test('an event frame is two bytes in front of the encoded stream event', () => {
  fc.assert(
    fc.property(streamEvent, (event) => {
      const encoded = encodeStreamEvent(event)
      const frame = encodeLinkResponse({ kind: 'event', event })
      expect(encodeEventResponse(encoded)).toStrictEqual(frame)
      expect(frame.subarray(2)).toStrictEqual(encoded)
      expect(decodeLinkResponse(frame)).toStrictEqual({ kind: 'event', event })
    }),
    { numRuns: 50 },
  )
})

test('txReceipt round-trips', () => {
  const response = {
    kind: 'txReceipt' as const,
    id: 12,
    inclusion: {
      hash: erc20TransferMiniBlock.transactions[0].hash,
      miniBlockNumber: erc20TransferMiniBlock.number,
      blockNumber: erc20TransferMiniBlock.blockNumber,
      txIndex: 2_901,
      receipt: erc20TransferMiniBlock.receipts[0],
    },
  }
  expect(decodeLinkResponse(encodeLinkResponse(response))).toStrictEqual(response)
})

test('rejections and errors carry their code and message as UTF-8', () => {
  const response = { kind: 'txRejected' as const, id: 3, code: 'NONCE_TOO_LOW', message: 'nonce 4 < 5 — ✗' }
  expect(decodeLinkResponse(encodeLinkResponse(response))).toStrictEqual(response)
  expect(encodeLinkResponse({ kind: 'error', code: '', message: '' })).toStrictEqual(
    new Uint8Array([1, 4, 0, 0]),
  )
})

test('invalid UTF-8 and unknown kinds are DecodeError', () => {
  expect(() => decodeLinkResponse(new Uint8Array([1, 4, 1, 0xff, 0]))).toThrow(DecodeError)
  expect(() => decodeLinkResponse(new Uint8Array([1, 0]))).toThrow(DecodeError)
})

test('an event frame with an unknown inner version is rejected', () => {
  const frame = encodeLinkResponse({ kind: 'error', code: 'X', message: 'y' })
  expect(() => decodeLinkResponse(new Uint8Array([1, 1, 9, ...frame]))).toThrow(/unsupported/)
})

test('authenticated carries the peer name and its roles as bits (follow 1, submit 2, attest 4, privileged 8)', () => {
  const response = {
    kind: 'authenticated' as const,
    peer: 'edge-1',
    roles: ['follow' as const, 'privileged' as const],
  }
  const frame = encodeLinkResponse(response)
  expect(Buffer.from(frame).toString('hex')).toBe(`010a06${Buffer.from('edge-1').toString('hex')}09`)
  expect(decodeLinkResponse(frame)).toStrictEqual(response)
  // A role bit this build does not know is refused, not dropped.
  expect(() => decodeLinkResponse(new Uint8Array([1, 10, 0, 0x10]))).toThrow(DecodeError)
})
