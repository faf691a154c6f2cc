import v8 from 'node:v8'
import vm from 'node:vm'
import { createDiffEncoder, type PreStateLookup, type StateDiff } from '@rtevm/protocol'

const EMPTY = new Uint8Array(32)
const nothing: PreStateLookup = { account: () => undefined, storage: () => 0n }

/** Heap and snapshot bytes per id-table key, for `accounts` new accounts with `slotsPerAccount` new slots each. */
export type TableMemory = { keys: number; heapBytesPerKey: number; exportBytesPerKey: number }

/**
 * Fills an encoder's id tables with fresh keys and measures the heap they hold
 * (after a full GC on both sides) and their exported size.
 */
export function measureTableMemory(accounts: number, slotsPerAccount: number): TableMemory {
  const gc = exposeGc()
  const encoder = createDiffEncoder(nothing)
  const batch = 100
  // Diffs are built one at a time and dropped, so the heap delta is the tables alone.
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
  gc()
  const before = used()
  for (let first = 0; first < accounts; first += batch) encoder.encode(diffAt(first))
  gc()
  const after = used()
  const keys = accounts * (1 + slotsPerAccount)
  return {
    keys,
    heapBytesPerKey: (after - before) / keys,
    exportBytesPerKey: encoder.exportTables().length / keys,
  }
}

/** The JS heap plus ArrayBuffer backing stores, where the tables' typed arrays live. */
function used(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return heapUsed + arrayBuffers
}

function keyBytes(length: number, n: number): Uint8Array {
  const out = new Uint8Array(length)
  out[0] = 0xaa
  new DataView(out.buffer).setUint32(length - 4, n)
  return out
}

function exposeGc(): () => void {
  const global = globalThis as { gc?: () => void }
  if (global.gc) return global.gc
  v8.setFlagsFromString('--expose-gc')
  return vm.runInNewContext('gc') as () => void
}
