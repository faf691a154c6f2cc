import type { ChainGenesis, GenesisAlloc } from '../types/index.ts'
import type { ByteReader } from './ByteReader.ts'
import type { ByteWriter } from './ByteWriter.ts'
import { readBlock, writeBlock } from './block.ts'
import { decodeVersioned, encodeVersioned } from './versioned.ts'

const WHAT = 'genesis'

/**
 * Encodes a chain's genesis, v1: `[version] u64:chainId varint:blockIntervalMs
 * u64:maxTransactionGas Block-body accountCount (addr u64:nonce u256:balance
 * bytes:code slotCount (h32:slot u256:value)*)*`. Canonical: accounts in
 * strictly ascending address order, slots strictly ascending, no zero value;
 * the encoder refuses anything else (EncodeError), so one genesis has one encoding.
 */
export function encodeGenesis(genesis: ChainGenesis): Uint8Array {
  let capacity = 1024
  for (const account of genesis.accounts) capacity += 96 + account.code.length + account.storage.length * 66
  return encodeVersioned(WHAT, genesis, writeGenesis, capacity)
}

/** Decodes `encodeGenesis` output; throws `DecodeError` or `UnsupportedVersionError`. */
export function decodeGenesis(bytes: Uint8Array): ChainGenesis {
  return decodeVersioned(bytes, WHAT, readGenesis)
}

function writeGenesis(w: ByteWriter, genesis: ChainGenesis): void {
  w.u64(genesis.chainId, 'chainId')
  w.varint(genesis.blockIntervalMs, 'blockIntervalMs')
  w.u64(genesis.maxTransactionGas, 'maxTransactionGas')
  writeBlock(w, genesis.block)
  w.varint(genesis.accounts.length, 'accounts')
  let previous: Uint8Array | undefined
  for (const account of genesis.accounts) {
    if (previous && compare(previous, account.address) >= 0)
      w.fail('accounts', 'addresses must be strictly ascending')
    previous = account.address
    writeAccount(w, account)
  }
}

function writeAccount(w: ByteWriter, account: GenesisAlloc): void {
  w.fixed(account.address, 20, 'address')
  w.u64(account.nonce, 'nonce')
  w.uint256(account.balance, 'balance')
  w.bytes(account.code)
  w.varint(account.storage.length, 'storage')
  let previous: Uint8Array | undefined
  for (const { slot, value } of account.storage) {
    if (previous && compare(previous, slot) >= 0) w.fail('storage', 'slots must be strictly ascending')
    if (value === 0n) w.fail('storage', 'a genesis slot holds a non-zero value')
    previous = slot
    w.fixed(slot, 32, 'slot')
    w.uint256(value, 'value')
  }
}

function readGenesis(r: ByteReader): ChainGenesis {
  const chainId = r.u64('chainId')
  const blockIntervalMs = r.varint('blockIntervalMs')
  const maxTransactionGas = r.u64('maxTransactionGas')
  const block = readBlock(r)
  // addr + nonce + balance + code length + slot count: at least 24 bytes each.
  const count = r.count(24, 'accounts')
  const accounts: GenesisAlloc[] = []
  for (let i = 0; i < count; i++) {
    const account = readAccount(r)
    const previous = accounts.at(-1)
    if (previous && compare(previous.address, account.address) >= 0)
      r.fail('accounts', 'addresses must be strictly ascending')
    accounts.push(account)
  }
  return { chainId, blockIntervalMs, maxTransactionGas, block, accounts }
}

function readAccount(r: ByteReader): GenesisAlloc {
  const address = r.fixed(20, 'address')
  const nonce = r.u64('nonce')
  const balance = r.uint256('balance')
  const code = r.bytes('code')
  // slot + a non-zero value: at least 34 bytes each.
  const slots = r.count(34, 'storage')
  const storage: GenesisAlloc['storage'] = []
  for (let i = 0; i < slots; i++) {
    const slot = r.fixed(32, 'slot')
    const value = r.uint256('value')
    const previous = storage.at(-1)
    if (previous && compare(previous.slot, slot) >= 0) r.fail('storage', 'slots must be strictly ascending')
    if (value === 0n) r.fail('storage', 'a genesis slot holds a non-zero value')
    storage.push({ slot, value })
  }
  return { address, nonce, balance, code, storage }
}

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.length - b.length
}
