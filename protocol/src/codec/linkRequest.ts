import type { LinkRequest } from '../types/index.ts'
import { readAttestation, writeAttestation } from './attestation.ts'
import type { ByteReader } from './ByteReader.ts'
import type { ByteWriter } from './ByteWriter.ts'
import { readDevCommand, writeDevCommand } from './devCommand.ts'
import { decodeVersioned, encodeVersioned } from './versioned.ts'

const WHAT = 'link request'
const SUBSCRIBE = 1
const SUBMIT_TX = 2
const DEV = 3
const SUBMIT_AS = 4
const GET_WITNESS = 5
/** subscribe flags */
const COMPACT = 1
/** Followed by varint:batchMs: live events come in batches at most that often. */
const BATCHED = 2
const ATTEST = 6
const GET_GENESIS = 7
const AUTH_CHALLENGE = 8
const AUTHENTICATE = 9
/** Ed25519 public keys and signatures. */
const PUBLIC_KEY_BYTES = 32
const SIGNATURE_BYTES = 64

/**
 * Encodes a client-to-sequencer frame, v1: `[version] kind body`, kind 1 =
 * subscribe, 2 = submitTx, 3 = dev, 4 = submitAs, 5 = getWitness, 6 = attest,
 * 7 = getGenesis, 8 = authChallenge, 9 = authenticate.
 */
export function encodeLinkRequest(request: LinkRequest): Uint8Array {
  const capacity = 96 + payloadLength(request)
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
      w.u8((request.compact ? COMPACT : 0) | (request.batchMs ? BATCHED : 0), 'flags')
      if (request.batchMs) w.varint(request.batchMs, 'batchMs')
      return
    case 'submitTx':
      w.u8(SUBMIT_TX, 'kind')
      w.varint(request.id, 'id')
      w.bytes(request.raw)
      return
    case 'dev':
      w.u8(DEV, 'kind')
      w.varint(request.id, 'id')
      writeDevCommand(w, request.command)
      return
    case 'submitAs':
      w.u8(SUBMIT_AS, 'kind')
      w.varint(request.id, 'id')
      w.fixed(request.from, 20, 'from')
      w.bytes(request.raw)
      return
    case 'getWitness':
      w.u8(GET_WITNESS, 'kind')
      w.varint(request.id, 'id')
      w.u64(request.blockNumber, 'blockNumber')
      return
    case 'attest':
      w.u8(ATTEST, 'kind')
      w.varint(request.id, 'id')
      writeAttestation(w, request.attestation)
      return
    case 'getGenesis':
      w.u8(GET_GENESIS, 'kind')
      w.varint(request.id, 'id')
      return
    case 'authChallenge':
      w.u8(AUTH_CHALLENGE, 'kind')
      return
    case 'authenticate':
      w.u8(AUTHENTICATE, 'kind')
      w.fixed(request.publicKey, PUBLIC_KEY_BYTES, 'publicKey')
      w.fixed(request.signature, SIGNATURE_BYTES, 'signature')
      return
    default:
      w.fail('kind', `unknown link request kind ${(request as { kind: unknown }).kind}`)
  }
}

function readLinkRequest(r: ByteReader): LinkRequest {
  const kind = r.u8('kind')
  switch (kind) {
    case SUBSCRIBE: {
      const fromSeq = r.u64('fromSeq')
      const flags = r.flags(COMPACT | BATCHED, 'flags')
      const request: Extract<LinkRequest, { kind: 'subscribe' }> = { kind: 'subscribe', fromSeq }
      if (flags & COMPACT) request.compact = true
      if (flags & BATCHED) request.batchMs = r.varint('batchMs')
      return request
    }
    case SUBMIT_TX:
      return { kind: 'submitTx', id: r.varint('id'), raw: r.bytes('raw') }
    case DEV:
      return { kind: 'dev', id: r.varint('id'), command: readDevCommand(r) }
    case SUBMIT_AS:
      return { kind: 'submitAs', id: r.varint('id'), from: r.fixed(20, 'from'), raw: r.bytes('raw') }
    case GET_WITNESS:
      return { kind: 'getWitness', id: r.varint('id'), blockNumber: r.u64('blockNumber') }
    case ATTEST:
      return { kind: 'attest', id: r.varint('id'), attestation: readAttestation(r) }
    case GET_GENESIS:
      return { kind: 'getGenesis', id: r.varint('id') }
    case AUTH_CHALLENGE:
      return { kind: 'authChallenge' }
    case AUTHENTICATE:
      return {
        kind: 'authenticate',
        publicKey: r.fixed(PUBLIC_KEY_BYTES, 'publicKey'),
        signature: r.fixed(SIGNATURE_BYTES, 'signature'),
      }
    default:
      r.fail('kind', `unknown link request kind ${kind}`)
  }
}

function payloadLength(request: LinkRequest): number {
  if (request.kind === 'submitTx' || request.kind === 'submitAs') return request.raw.length
  if (request.kind === 'dev' && request.command.op === 'setCode') return request.command.code.length
  return 0
}
