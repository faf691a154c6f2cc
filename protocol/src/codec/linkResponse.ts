import type { LinkResponse, TxInclusion } from '../types/index.ts'
import type { ByteReader } from './ByteReader.ts'
import type { ByteWriter } from './ByteWriter.ts'
import { ALL_LINK_ROLE_BITS, linkRoleBits, linkRolesFromBits } from './linkRoles.ts'
import { readReceipt, writeReceipt } from './receipt.ts'
import { encodeStreamEvent, readStreamEvent, writeStreamEvent } from './streamEvent.ts'
import { decodeVersioned, encodeVersioned, FORMAT_V1, readVersion } from './versioned.ts'

const WHAT = 'link response'
const EVENT = 1
const TX_RECEIPT = 2
const TX_REJECTED = 3
const ERROR = 4
const DEV_RESULT = 5
const WITNESS = 6
const COMPACT_EVENT = 7
const GENESIS = 8
const CHALLENGE = 9
const AUTHENTICATED = 10
const CHALLENGE_BYTES = 32

/**
 * Encodes a sequencer-to-client frame, v1: `[version] kind body`, kind 1 =
 * event, 2 = txReceipt, 3 = txRejected, 4 = error, 5 = devResult, 6 = witness,
 * 7 = compactEvent, 8 = genesis, 9 = challenge, 10 = authenticated. An event's body is the
 * complete `encodeStreamEvent` output, its own version byte included, so a
 * server fanning one event out to many clients encodes it once and frames it
 * with `encodeEventResponse`.
 */
export function encodeLinkResponse(response: LinkResponse): Uint8Array {
  if (response.kind === 'event') return encodeEventResponse(encodeStreamEvent(response.event))
  const capacity =
    response.kind === 'witness'
      ? 32 + response.witness.length
      : response.kind === 'genesis'
        ? 32 + response.genesis.length
        : response.kind === 'compactEvent'
          ? 8 + response.event.length
          : 256
  return encodeVersioned(WHAT, response, writeLinkResponse, capacity)
}

/**
 * Frames an already-encoded stream event as a `LinkResponse` of kind
 * `event`, byte-identical to `encodeLinkResponse({ kind: 'event', event })`.
 */
export function encodeEventResponse(encodedEvent: Uint8Array): Uint8Array {
  const frame = new Uint8Array(2 + encodedEvent.length)
  frame[0] = FORMAT_V1
  frame[1] = EVENT
  frame.set(encodedEvent, 2)
  return frame
}

/** Frames compact stream event bytes as a `compactEvent` response, the way `encodeEventResponse` frames v1. */
export function encodeCompactEventResponse(encodedEvent: Uint8Array): Uint8Array {
  return encodeLinkResponse({ kind: 'compactEvent', event: encodedEvent })
}

/** Decodes `encodeLinkResponse` output; throws `DecodeError` or `UnsupportedVersionError`. */
export function decodeLinkResponse(bytes: Uint8Array): LinkResponse {
  return decodeVersioned(bytes, WHAT, readLinkResponse)
}

function writeLinkResponse(w: ByteWriter, response: LinkResponse): void {
  switch (response.kind) {
    case 'event':
      w.u8(EVENT, 'kind')
      w.u8(FORMAT_V1, 'event.version')
      writeStreamEvent(w, response.event)
      return
    case 'txReceipt':
      w.u8(TX_RECEIPT, 'kind')
      w.varint(response.id, 'id')
      writeInclusion(w, response.inclusion)
      return
    case 'txRejected':
      w.u8(TX_REJECTED, 'kind')
      w.varint(response.id, 'id')
      w.string(response.code)
      w.string(response.message)
      return
    case 'devResult':
      w.u8(DEV_RESULT, 'kind')
      w.varint(response.id, 'id')
      w.uint256(response.result.value, 'result.value')
      w.u64(response.result.seq, 'result.seq')
      return
    case 'compactEvent':
      w.u8(COMPACT_EVENT, 'kind')
      w.bytes(response.event)
      return
    case 'witness':
      w.u8(WITNESS, 'kind')
      w.varint(response.id, 'id')
      w.bytes(response.witness)
      return
    case 'genesis':
      w.u8(GENESIS, 'kind')
      w.varint(response.id, 'id')
      w.bytes(response.genesis)
      return
    case 'error':
      w.u8(ERROR, 'kind')
      w.string(response.code)
      w.string(response.message)
      return
    case 'challenge':
      w.u8(CHALLENGE, 'kind')
      w.fixed(response.challenge, CHALLENGE_BYTES, 'challenge')
      return
    case 'authenticated':
      w.u8(AUTHENTICATED, 'kind')
      w.string(response.peer)
      w.u8(linkRoleBits(response.roles), 'roles')
      return
    default:
      w.fail('kind', `unknown link response kind ${(response as { kind: unknown }).kind}`)
  }
}

function readLinkResponse(r: ByteReader): LinkResponse {
  const kind = r.u8('kind')
  switch (kind) {
    case EVENT:
      readVersion(r)
      return { kind: 'event', event: readStreamEvent(r) }
    case TX_RECEIPT:
      return { kind: 'txReceipt', id: r.varint('id'), inclusion: readInclusion(r) }
    case TX_REJECTED:
      return { kind: 'txRejected', id: r.varint('id'), code: r.string('code'), message: r.string('message') }
    case DEV_RESULT:
      return {
        kind: 'devResult',
        id: r.varint('id'),
        result: { value: r.uint256('result.value'), seq: r.u64('result.seq') },
      }
    case COMPACT_EVENT:
      return { kind: 'compactEvent', event: r.bytes('event') }
    case WITNESS:
      return { kind: 'witness', id: r.varint('id'), witness: r.bytes('witness') }
    case GENESIS:
      return { kind: 'genesis', id: r.varint('id'), genesis: r.bytes('genesis') }
    case ERROR:
      return { kind: 'error', code: r.string('code'), message: r.string('message') }
    case CHALLENGE:
      return { kind: 'challenge', challenge: r.fixed(CHALLENGE_BYTES, 'challenge') }
    case AUTHENTICATED:
      return {
        kind: 'authenticated',
        peer: r.string('peer'),
        roles: linkRolesFromBits(r.flags(ALL_LINK_ROLE_BITS, 'roles')),
      }
    default:
      r.fail('kind', `unknown link response kind ${kind}`)
  }
}

function writeInclusion(w: ByteWriter, inclusion: TxInclusion): void {
  w.fixed(inclusion.hash, 32, 'inclusion.hash')
  w.u64(inclusion.miniBlockNumber, 'inclusion.miniBlockNumber')
  w.u64(inclusion.blockNumber, 'inclusion.blockNumber')
  w.varint(inclusion.txIndex, 'inclusion.txIndex')
  writeReceipt(w, inclusion.receipt)
}

function readInclusion(r: ByteReader): TxInclusion {
  return {
    hash: r.fixed(32, 'inclusion.hash'),
    miniBlockNumber: r.u64('inclusion.miniBlockNumber'),
    blockNumber: r.u64('inclusion.blockNumber'),
    txIndex: r.varint('inclusion.txIndex'),
    receipt: readReceipt(r),
  }
}
