import type { Witness, WitnessAccount } from '../types/index.ts'
import type { ByteReader } from './ByteReader.ts'
import type { ByteWriter } from './ByteWriter.ts'
import { decodeVersioned, encodeVersioned } from './versioned.ts'

const WHAT = 'witness'
/**
 * A trie node is at most a full branch: 16 hashes of 33 bytes, an empty
 * value and a 3-byte header (532 bytes); leaves with account values are
 * smaller. Anything longer cannot be a node.
 */
export const MAX_WITNESS_NODE_BYTES = 532
/** EIP-170's limit on deployed code. */
export const MAX_WITNESS_CODE_BYTES = 24_576
/** Address and slot count. */
const MIN_ACCOUNT_BYTES = 21
/** A length byte and one byte. */
const MIN_ITEM_BYTES = 2

/**
 * Encodes a witness, v1: `[version] u64:blockNumber h32:parentStateRoot
 * count (addr count h32:slot*)* count bytes:node* count bytes:code*`.
 */
export function encodeWitness(witness: Witness): Uint8Array {
  return encodeVersioned(WHAT, witness, writeWitness, estimateWitnessSize(witness))
}

/**
 * Decodes `encodeWitness` output; throws `DecodeError` (or
 * `UnsupportedVersionError`). Checks shapes and limits only: whether the
 * nodes prove anything is the verifier's job.
 */
export function decodeWitness(bytes: Uint8Array): Witness {
  return decodeVersioned(bytes, WHAT, readWitness)
}

function estimateWitnessSize(witness: Witness): number {
  let size = 64
  for (const account of witness.accounts) size += 22 + account.slots.length * 32
  for (const node of witness.nodes) size += node.length + 3
  for (const code of witness.codes) size += code.length + 3
  return size
}

function writeWitness(w: ByteWriter, witness: Witness): void {
  w.u64(witness.blockNumber, 'blockNumber')
  w.fixed(witness.parentStateRoot, 32, 'parentStateRoot')
  w.varint(witness.accounts.length, 'accounts')
  for (const account of witness.accounts) {
    w.fixed(account.address, 20, 'account.address')
    w.varint(account.slots.length, 'account.slots')
    for (const slot of account.slots) w.fixed(slot, 32, 'account.slot')
  }
  w.varint(witness.nodes.length, 'nodes')
  for (const node of witness.nodes) {
    if (node.length === 0 || node.length > MAX_WITNESS_NODE_BYTES)
      w.fail('node', `${node.length} bytes, expected 1..${MAX_WITNESS_NODE_BYTES}`)
    w.bytes(node)
  }
  w.varint(witness.codes.length, 'codes')
  for (const code of witness.codes) {
    if (code.length === 0 || code.length > MAX_WITNESS_CODE_BYTES)
      w.fail('code', `${code.length} bytes, expected 1..${MAX_WITNESS_CODE_BYTES}`)
    w.bytes(code)
  }
}

function readWitness(r: ByteReader): Witness {
  const blockNumber = r.u64('blockNumber')
  const parentStateRoot = r.fixed(32, 'parentStateRoot')
  const accountCount = r.count(MIN_ACCOUNT_BYTES, 'accounts')
  const accounts: WitnessAccount[] = []
  for (let i = 0; i < accountCount; i++) {
    const address = r.fixed(20, 'account.address')
    const slotCount = r.count(32, 'account.slots')
    const slots: Uint8Array[] = []
    for (let s = 0; s < slotCount; s++) slots.push(r.fixed(32, 'account.slot'))
    accounts.push({ address, slots })
  }
  const nodes = readItems(r, 'node', MAX_WITNESS_NODE_BYTES)
  const codes = readItems(r, 'code', MAX_WITNESS_CODE_BYTES)
  return { blockNumber, parentStateRoot, accounts, nodes, codes }
}

function readItems(r: ByteReader, field: string, maxBytes: number): Uint8Array[] {
  const count = r.count(MIN_ITEM_BYTES, `${field}s`)
  const items: Uint8Array[] = []
  for (let i = 0; i < count; i++) {
    const item = r.bytes(field)
    if (item.length === 0 || item.length > maxBytes)
      r.fail(field, `${item.length} bytes, expected 1..${maxBytes}`)
    items.push(item)
  }
  return items
}
