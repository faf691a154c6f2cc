import { keccak_256 } from '@noble/hashes/sha3.js'
import { DecodeError } from '../errors/index.ts'
import { decodeRlp, encodeRlp, type RlpItem } from '../rlp/index.ts'
import type { BlockHeader } from '../types/index.ts'
import { bigintToBytes, bytesToBigint } from './bigintBytes.ts'
import { EncodeError } from './EncodeError.ts'
import { plainBytes } from './plainBytes.ts'

const WHAT = 'block header'
const FIELD_COUNT = 21
const MAX_U256 = (1n << 256n) - 1n
/** Yellow paper limit; a longer extraData makes a header other Ethereum tooling rejects. */
const MAX_EXTRA_DATA = 32

/**
 * Standard Ethereum RLP of a Prague header (21 fields, canonical order,
 * quantities as minimal big-endian bytes). Unlike rtevm's own payloads this
 * carries no version byte: it is the format whose keccak256 is the block hash.
 */
export function encodeBlockHeader(header: BlockHeader): Uint8Array {
  const h = header
  const fields: RlpItem[] = [
    fixed(h.parentHash, 32, 'parentHash'),
    fixed(h.uncleHash, 32, 'uncleHash'),
    fixed(h.coinbase, 20, 'coinbase'),
    fixed(h.stateRoot, 32, 'stateRoot'),
    fixed(h.transactionsRoot, 32, 'transactionsRoot'),
    fixed(h.receiptsRoot, 32, 'receiptsRoot'),
    fixed(h.logsBloom, 256, 'logsBloom'),
    quantity(h.difficulty, 'difficulty'),
    quantity(h.number, 'number'),
    quantity(h.gasLimit, 'gasLimit'),
    quantity(h.gasUsed, 'gasUsed'),
    quantity(h.timestamp, 'timestamp'),
    extraData(h.extraData),
    fixed(h.mixHash, 32, 'mixHash'),
    fixed(h.nonce, 8, 'nonce'),
    quantity(h.baseFeePerGas, 'baseFeePerGas'),
    fixed(h.withdrawalsRoot, 32, 'withdrawalsRoot'),
    quantity(h.blobGasUsed, 'blobGasUsed'),
    quantity(h.excessBlobGas, 'excessBlobGas'),
    fixed(h.parentBeaconBlockRoot, 32, 'parentBeaconBlockRoot'),
    fixed(h.requestsHash, 32, 'requestsHash'),
  ]
  return encodeRlp(fields)
}

/**
 * Decodes a Prague header from its RLP, strictly: exactly 21 fields, exact
 * sizes for hashes/addresses/bloom/nonce, canonical quantities. Because it is
 * strict, `encodeBlockHeader(decodeBlockHeader(b))` equals `b`, so hashing the
 * received bytes and hashing the decoded header agree.
 */
export function decodeBlockHeader(rlp: Uint8Array): BlockHeader {
  const item = decodeRlp(plainBytes(rlp), WHAT)
  if (item instanceof Uint8Array) fail('header', 'expected a list, got a byte string')
  if (item.length !== FIELD_COUNT) fail('header', `expected ${FIELD_COUNT} fields, got ${item.length}`)
  const f = item
  return {
    parentHash: readFixed(f[0], 32, 'parentHash'),
    uncleHash: readFixed(f[1], 32, 'uncleHash'),
    coinbase: readFixed(f[2], 20, 'coinbase'),
    stateRoot: readFixed(f[3], 32, 'stateRoot'),
    transactionsRoot: readFixed(f[4], 32, 'transactionsRoot'),
    receiptsRoot: readFixed(f[5], 32, 'receiptsRoot'),
    logsBloom: readFixed(f[6], 256, 'logsBloom'),
    difficulty: readQuantity(f[7], 'difficulty'),
    number: readQuantity(f[8], 'number'),
    gasLimit: readQuantity(f[9], 'gasLimit'),
    gasUsed: readQuantity(f[10], 'gasUsed'),
    timestamp: readQuantity(f[11], 'timestamp'),
    extraData: readExtraData(f[12]),
    mixHash: readFixed(f[13], 32, 'mixHash'),
    nonce: readFixed(f[14], 8, 'nonce'),
    baseFeePerGas: readQuantity(f[15], 'baseFeePerGas'),
    withdrawalsRoot: readFixed(f[16], 32, 'withdrawalsRoot'),
    blobGasUsed: readQuantity(f[17], 'blobGasUsed'),
    excessBlobGas: readQuantity(f[18], 'excessBlobGas'),
    parentBeaconBlockRoot: readFixed(f[19], 32, 'parentBeaconBlockRoot'),
    requestsHash: readFixed(f[20], 32, 'requestsHash'),
  }
}

/** The block hash: keccak256 of the header's RLP. */
export function hashBlockHeader(header: BlockHeader): Uint8Array {
  return keccak_256(encodeBlockHeader(header))
}

function fixed(bytes: Uint8Array, length: number, field: string): Uint8Array {
  if (bytes.length !== length)
    throw new EncodeError(WHAT, `${field}: expected ${length} bytes, got ${bytes.length}`)
  return bytes
}

function quantity(value: bigint, field: string): Uint8Array {
  if (value < 0n || value > MAX_U256) throw new EncodeError(WHAT, `${field}: ${value} is outside uint256`)
  return bigintToBytes(value)
}

function extraData(bytes: Uint8Array): Uint8Array {
  if (bytes.length > MAX_EXTRA_DATA) {
    throw new EncodeError(WHAT, `extraData: ${bytes.length} bytes exceeds ${MAX_EXTRA_DATA}`)
  }
  return bytes
}

function fail(field: string, problem: string): never {
  throw new DecodeError(WHAT, { details: `${field}: ${problem}` })
}

function asString(item: RlpItem, field: string): Uint8Array {
  if (!(item instanceof Uint8Array)) fail(field, 'expected a byte string, got a list')
  return item
}

function readFixed(item: RlpItem, length: number, field: string): Uint8Array {
  const bytes = asString(item, field)
  if (bytes.length !== length) fail(field, `expected ${length} bytes, got ${bytes.length}`)
  return bytes.slice()
}

function readQuantity(item: RlpItem, field: string): bigint {
  const bytes = asString(item, field)
  if (bytes.length === 0) return 0n
  if (bytes.length > 32) fail(field, `quantity of ${bytes.length} bytes exceeds 32`)
  if (bytes[0] === 0) fail(field, 'non-canonical quantity (leading zero byte)')
  return bytesToBigint(bytes, 0, bytes.length)
}

function readExtraData(item: RlpItem): Uint8Array {
  const bytes = asString(item, 'extraData')
  if (bytes.length > MAX_EXTRA_DATA) fail('extraData', `${bytes.length} bytes exceeds ${MAX_EXTRA_DATA}`)
  return bytes.slice()
}
