import type { HeapSlot } from './indexedHeap.ts'
import type { PoolTransaction } from './types.ts'

/** A held transaction with the bookkeeping the pool's heaps need. */
export type PoolEntry = HeapSlot & {
  tx: PoolTransaction
  /** Arrival order across the whole pool; breaks fee ties first-come first-served. */
  seq: number
  /** Effective tip at the pool's key base fee; recomputed when that base fee changes. */
  key: bigint
  /** In the sender's ready run; otherwise in the pool's queued (eviction) heap. */
  ready: boolean
  queue: SenderQueue
}

/**
 * One sender's transactions. Invariant: the ready run is the entries at nonces
 * `next, next + 1, …, next + readyLen - 1`, all present; `head` is the first of them, and the queue
 * sits in the pool's ready heap exactly when `head` is set.
 */
export type SenderQueue = HeapSlot & {
  address: string
  txs: Map<bigint, PoolEntry>
  /** The nonce the pool hands out next: the account nonce, or one past the last popped nonce. */
  next: bigint
  readyLen: number
  head: PoolEntry | undefined
}

/** Creates an empty queue whose first ready nonce is `next`. */
export function createSenderQueue(address: string, next: bigint): SenderQueue {
  return { address, txs: new Map(), next, readyLen: 0, head: undefined, heapIndex: -1 }
}

/** What the block producer earns per gas: `min(maxPriorityFeePerGas, maxFeePerGas - baseFee)`. */
export function effectiveTip(tx: PoolTransaction, baseFee: bigint): bigint {
  const headroom = tx.maxFeePerGas - baseFee
  // Math.min does not take bigints.
  if (tx.maxPriorityFeePerGas < headroom) return tx.maxPriorityFeePerGas
  return headroom
}

/** True when `a` pays a higher tip than `b`, or the same tip and arrived earlier. */
export function headBefore(a: SenderQueue, b: SenderQueue): boolean {
  const x = a.head!
  const y = b.head!
  return x.key > y.key || (x.key === y.key && x.seq < y.seq)
}

/** True when `a` is a better eviction victim than `b`: a lower tip, or the same tip and newer. */
export function cheaperThan(a: PoolEntry, b: PoolEntry): boolean {
  return a.key < b.key || (a.key === b.key && a.seq > b.seq)
}
