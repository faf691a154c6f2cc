import { expect, test } from 'vitest'
import { DecodeError, UnsupportedVersionError } from '../errors/index.ts'
import { EncodeError } from './EncodeError.ts'
import { decodeLinkRequest, encodeLinkRequest } from './linkRequest.ts'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

test('subscribe is version, kind, the varint cursor, then flags (1 = compact frames)', () => {
  expect(hex(encodeLinkRequest({ kind: 'subscribe', fromSeq: 300n }))).toBe('0101ac0200')
  expect(hex(encodeLinkRequest({ kind: 'subscribe', fromSeq: 1n, compact: true }))).toBe('01010101')
})

test('subscribe flag 2 carries the batch interval as a varint', () => {
  const request = { kind: 'subscribe' as const, fromSeq: 1n, compact: true, batchMs: 200 }
  expect(hex(encodeLinkRequest(request))).toBe('01010103c801')
  expect(decodeLinkRequest(encodeLinkRequest(request))).toStrictEqual(request)
})

test('submitTx carries the id and the raw transaction', () => {
  const request = { kind: 'submitTx' as const, id: 7, raw: new Uint8Array([0x02, 0xf8, 0x6f]) }
  expect(hex(encodeLinkRequest(request))).toBe('01020703' + '02f86f')
  expect(decodeLinkRequest(encodeLinkRequest(request))).toStrictEqual(request)
})

test('an unknown kind is DecodeError, an unknown version UnsupportedVersionError', () => {
  expect(() => decodeLinkRequest(new Uint8Array([1, 9]))).toThrow(DecodeError)
  expect(() => decodeLinkRequest(new Uint8Array([2, 1, 0]))).toThrow(UnsupportedVersionError)
  expect(() => decodeLinkRequest(new Uint8Array([]))).toThrow(DecodeError)
})

test('refuses to encode an id that is not a safe non-negative integer', () => {
  expect(() => encodeLinkRequest({ kind: 'submitTx', id: -1, raw: new Uint8Array(0) })).toThrow(EncodeError)
})

test('dev autoImpersonate is op 10 and one flag byte; other flag bits are refused', () => {
  const request = { kind: 'dev' as const, id: 2, command: { op: 'autoImpersonate' as const, enabled: true } }
  expect(hex(encodeLinkRequest(request))).toBe('0103020a01')
  expect(decodeLinkRequest(encodeLinkRequest(request))).toStrictEqual(request)
  expect(() => decodeLinkRequest(new Uint8Array([1, 3, 2, 10, 2]))).toThrow(DecodeError)
})

test('authChallenge is kind 8 with no body; authenticate is kind 9, the public key then the signature', () => {
  expect(hex(encodeLinkRequest({ kind: 'authChallenge' }))).toBe('0108')
  const request = {
    kind: 'authenticate' as const,
    publicKey: new Uint8Array(32).fill(1),
    signature: new Uint8Array(64).fill(2),
  }
  expect(hex(encodeLinkRequest(request))).toBe(`0109${'01'.repeat(32)}${'02'.repeat(64)}`)
  expect(decodeLinkRequest(encodeLinkRequest(request))).toStrictEqual(request)
  expect(() => decodeLinkRequest(new Uint8Array([1, 9, ...new Uint8Array(95)]))).toThrow(DecodeError)
})
