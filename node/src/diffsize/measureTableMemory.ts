import { createDiffEncoder, type PreStateLookup, type StateDiff } from '@rtevm/protocol'

const EMPTY = new Uint8Array(32)
const nothing: PreStateLookup = { account: () => undefined, storage: () => 0n }

/** Bytes per id-table key: held in memory (typed arrays, growth slack included) and in a snapshot. */
export type TableMemory = { keys: number; bytesPerKey: number; exportBytesPerKey: number }

/**
 * Fills an encoder's id tables with `accounts` fresh accounts of
 * `slotsPerAccount` fresh slots each and reports what the tables hold. The
 * tables keep every key in typed arrays (no per-key JS objects), so their
 * `byteLength` is their memory, short of a constant.
 */
export function measureTableMemory(accounts: number, slotsPerAccount: number): TableMemory {
  const encoder = createDiffEncoder(nothing)
  const batch = 100
  const diffAt = (first: number): StateDiff => ({
    accounts: Array.from({ length: Math.min(batch, accounts - first) }, (_, i) => ({
      address: keyBytes(20, first + i),
      deleted: false,
      storageCleared: false,
      nonce: 1n,
      balance: 1n,
      codeHash: EMPTY,
      storage: Array.from({ length: slotsPerAccount }, (_, s) => ({
        slot: keyBytes(32, s * 7919 + first + i),
        value: 1n,
      })),
    })),
  })
  for (let first = 0; first < accounts; first += batch) encoder.encode(diffAt(first))
  const keys = accounts * (1 + slotsPerAccount)
  return {
    keys,
    bytesPerKey: encoder.stats().bytes / keys,
    exportBytesPerKey: encoder.exportTables().length / keys,
  }
}

function keyBytes(length: number, n: number): Uint8Array {
  const out = new Uint8Array(length)
  out[0] = 0xaa
  new DataView(out.buffer).setUint32(length - 4, n)
  return out
}
