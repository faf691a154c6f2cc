import type { LinkRequest } from '../types/index.ts'
import type { ByteReader } from './ByteReader.ts'
import type { ByteWriter } from './ByteWriter.ts'
import { decodeVersioned, encodeVersioned } from './versioned.ts'

const WHAT = 'link request'
const SUBSCRIBE = 1
const SUBMIT_TX = 2

/** Encodes a client-to-sequencer frame, v1: `[version] kind body`, kind 1 = subscribe, 2 = submitTx. */
export function encodeLinkRequest(request: LinkRequest): Uint8Array {
  const capacity = request.kind === 'submitTx' ? 16 + request.raw.length : 16
  return encodeVersioned(WHAT, request, writeLinkRequest, capacity)
}

/** Decodes `encodeLinkRequest` output; throws `DecodeError` or `UnsupportedVersionError`. */
export function decodeLinkRequest(bytes: Uint8Array): LinkRequest {
  return decodeVersioned(bytes, WHAT, readLinkRequest)
}

function writeLinkRequest(w: ByteWriter, request: LinkRequest): void {
  switch (request.kind) {
    case 'subscribe':
      w.u8(SUBSCRIBE, 'kind')
      w.u64(request.fromSeq, 'fromSeq')
      return
    case 'submitTx':
      w.u8(SUBMIT_TX, 'kind')
      w.varint(request.id, 'id')
      w.bytes(request.raw)
      return
    default:
      w.fail('kind', `unknown link request kind ${(request as { kind: unknown }).kind}`)
  }
}

function readLinkRequest(r: ByteReader): LinkRequest {
  const kind = r.u8('kind')
  switch (kind) {
    case SUBSCRIBE:
      return { kind: 'subscribe', fromSeq: r.u64('fromSeq') }
    case SUBMIT_TX:
      return { kind: 'submitTx', id: r.varint('id'), raw: r.bytes('raw') }
    default:
      r.fail('kind', `unknown link request kind ${kind}`)
  }
}
