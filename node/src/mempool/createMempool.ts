import { checkAdmission } from './admission.ts'
import { AlreadyKnownError, MempoolFullError } from './errors.ts'
import { createIndexedHeap } from './indexedHeap.ts'
import { resolveMempoolOptions } from './options.ts'
import {
  cheaperThan,
  createSenderQueue,
  effectiveTip,
  headBefore,
  type PoolEntry,
  type SenderQueue,
} from './senderQueue.ts'
import type {
  AccountState,
  AddResult,
  Mempool,
  MempoolHooks,
  MempoolOptions,
  PoolTransaction,
} from './types.ts'

/**
 * Creates the sequencer's mempool. Ordering is two-level: within a sender strictly by nonce, across
 * senders by the effective tip of each sender's next transaction (a heap of senders, O(log n)).
 *
 * Tips depend on the base fee, so heap keys are computed at one "key base fee". `popReady` re-keys
 * everything in O(n) when called with a different base fee; in the devnet the base fee barely moves,
 * so this is rare. `add` never re-keys (its base fee is only for the underpriced check), so admission
 * and execution using different base fees cannot make the pool thrash.
 *
 * Eviction when full (by count or bytes): only queued transactions, those waiting behind a nonce gap,
 * are evicted, cheapest tip first (newest first on ties), and only when the newcomer pays strictly
 * more than each of them. Ready transactions are never evicted: they are about to execute.
 * Otherwise `MempoolFullError` (retryable) is thrown and nothing changes.
 */
export function createMempool(options: Partial<MempoolOptions> = {}, hooks: MempoolHooks = {}): Mempool {
  const limits = resolveMempoolOptions(options)
  const byHash = new Map<string, PoolEntry>()
  const senders = new Map<string, SenderQueue>()
  const readySenders = createIndexedHeap<SenderQueue>(headBefore)
  const queuedEntries = createIndexedHeap<PoolEntry>(cheaperThan)
  let keyBaseFee = 0n
  let arrivals = 0
  let totalBytes = 0
  let readyTotal = 0

  const place = (queue: SenderQueue) => {
    if (queue.head === undefined) readySenders.remove(queue)
    else if (queue.heapIndex < 0) readySenders.push(queue)
    else readySenders.update(queue)
  }

  // Recomputes a sender's ready run after anything but the two hot paths (append, pop head).
  // Bounded by maxPerSender entries, each moved between heaps at most once.
  const resync = (queue: SenderQueue) => {
    let length = 0
    while (queue.txs.has(queue.next + BigInt(length))) length++
    const end = queue.next + BigInt(length)
    for (const entry of queue.txs.values()) {
      const ready = entry.tx.nonce >= queue.next && entry.tx.nonce < end
      if (ready === entry.ready) continue
      entry.ready = ready
      if (ready) {
        queuedEntries.remove(entry)
        readyTotal++
      } else {
        queuedEntries.push(entry)
        readyTotal--
      }
    }
    queue.readyLen = length
    queue.head = length > 0 ? queue.txs.get(queue.next) : undefined
    place(queue)
    if (queue.txs.size === 0) senders.delete(queue.address)
  }

  // Takes an entry out of every index; the caller then fixes its sender's run.
  const detach = (entry: PoolEntry) => {
    entry.queue.txs.delete(entry.tx.nonce)
    byHash.delete(entry.tx.hash)
    totalBytes -= entry.tx.size
    if (entry.ready) readyTotal--
    else queuedEntries.remove(entry)
  }

  // Transactions whose nonce is now used can never run: drop them and tell the owner.
  const advanceTo = (queue: SenderQueue, nonce: bigint) => {
    for (const entry of queue.txs.values()) {
      if (entry.tx.nonce < nonce) {
        detach(entry)
        hooks.onStale?.(entry.tx)
      }
    }
    queue.next = nonce
    resync(queue)
  }

  // Evicts queued entries cheaper than `tx` (its tip is `key`) until it fits, or throws without changing anything.
  const makeRoom = (
    tx: PoolTransaction,
    key: bigint,
    replacing: PoolEntry | undefined,
  ): PoolTransaction[] => {
    const addCount = replacing ? 0 : 1
    const addBytes = tx.size - (replacing?.tx.size ?? 0)
    let count = byHash.size
    let bytes = totalBytes
    const fits = () => count + addCount <= limits.maxTransactions && bytes + addBytes <= limits.maxBytes
    if (fits()) return []
    const victims: PoolEntry[] = []
    let spared: PoolEntry | undefined
    while (!fits()) {
      const candidate = queuedEntries.pop()
      if (candidate === undefined) break
      if (candidate === replacing) {
        spared = candidate
        continue
      }
      if (candidate.key >= key) {
        queuedEntries.push(candidate)
        break
      }
      victims.push(candidate)
      count--
      bytes -= candidate.tx.size
    }
    if (spared) queuedEntries.push(spared)
    if (!fits()) {
      for (const victim of victims) queuedEntries.push(victim)
      throw new MempoolFullError(tx.hash, tx.size, {
        count: byHash.size,
        maxTransactions: limits.maxTransactions,
        bytes: totalBytes,
        maxBytes: limits.maxBytes,
      })
    }
    for (const victim of victims) {
      detach(victim)
      // A queued entry is outside its sender's run, so only an emptied sender needs tidying.
      if (victim.queue.txs.size === 0) senders.delete(victim.queue.address)
    }
    return victims.map((victim) => victim.tx)
  }

  const replace = (old: PoolEntry, entry: PoolEntry) => {
    const queue = entry.queue
    entry.ready = old.ready
    queue.txs.set(entry.tx.nonce, entry)
    byHash.delete(old.tx.hash)
    totalBytes += entry.tx.size - old.tx.size
    if (!old.ready) {
      queuedEntries.remove(old)
      queuedEntries.push(entry)
    } else if (queue.head === old) {
      queue.head = entry
      readySenders.update(queue)
    }
  }

  const insert = (queue: SenderQueue, entry: PoolEntry) => {
    const nonce = entry.tx.nonce
    queue.txs.set(nonce, entry)
    totalBytes += entry.tx.size
    const extendsRun = nonce === queue.next + BigInt(queue.readyLen)
    if (extendsRun && !queue.txs.has(nonce + 1n)) {
      // Hot path: the sender's next nonce in order.
      entry.ready = true
      queue.readyLen++
      readyTotal++
      if (queue.readyLen === 1) {
        queue.head = entry
        readySenders.push(queue)
      }
      return
    }
    queuedEntries.push(entry)
    if (extendsRun) resync(queue) // fills a gap: the queued successors join the run
  }

  const add = (tx: PoolTransaction, account: AccountState, baseFee: bigint): AddResult => {
    if (byHash.has(tx.hash)) throw new AlreadyKnownError(tx.hash)
    const address = tx.sender.toLowerCase()
    const known = senders.get(address)
    // The caller's account nonce is the truth; catch up if a report was missed. Never rewind here:
    // a lower account nonce only means popped transactions are still executing.
    if (known && account.nonce > known.next) advanceTo(known, account.nonce)
    const held = senders.get(address)
    const old = held?.txs.get(tx.nonce)
    checkAdmission(tx, account, baseFee, { existing: old?.tx, count: held?.txs.size ?? 0 }, limits)
    if (byHash.size === 0) keyBaseFee = baseFee // nothing keyed yet, so adopt the caller's base fee
    const key = effectiveTip(tx, keyBaseFee)
    const evicted = makeRoom(tx, key, old)
    // Looked up again: eviction may have emptied and dropped this sender's queue.
    let queue = senders.get(address)
    if (queue === undefined) {
      queue = createSenderQueue(address, account.nonce)
      senders.set(address, queue)
    }
    const entry: PoolEntry = { tx, seq: arrivals++, key, ready: false, heapIndex: -1, queue }
    byHash.set(tx.hash, entry)
    if (old) replace(old, entry)
    else insert(queue, entry)
    const result: AddResult = { ready: entry.ready }
    if (old) result.replaced = old.tx
    if (evicted.length > 0) result.evicted = evicted
    return result
  }

  const popReady = (baseFee: bigint): PoolTransaction | undefined => {
    if (baseFee !== keyBaseFee) rekey(baseFee)
    const queue = readySenders.peek()
    if (queue === undefined) return undefined
    const entry = queue.head!
    if (entry.key < 0n) return undefined // the best head cannot pay the base fee, so none can
    queue.txs.delete(entry.tx.nonce)
    byHash.delete(entry.tx.hash)
    totalBytes -= entry.tx.size
    readyTotal--
    // Optimistic: the next nonce is ready at once; onNonceAdvanced corrects it if execution failed.
    queue.next = entry.tx.nonce + 1n
    queue.readyLen--
    queue.head = queue.readyLen > 0 ? queue.txs.get(queue.next) : undefined
    place(queue)
    if (queue.txs.size === 0) senders.delete(queue.address)
    return entry.tx
  }

  const rekey = (baseFee: bigint) => {
    keyBaseFee = baseFee
    for (const entry of byHash.values()) entry.key = effectiveTip(entry.tx, baseFee)
    readySenders.rebuild()
    queuedEntries.rebuild()
  }

  const collect = (ready: boolean) => {
    const out: PoolTransaction[] = []
    for (const queue of senders.values()) {
      const entries = [...queue.txs.values()].filter((entry) => entry.ready === ready)
      entries.sort((a, b) => (a.tx.nonce < b.tx.nonce ? -1 : 1))
      for (const entry of entries) out.push(entry.tx)
    }
    return out
  }

  return {
    add,
    popReady,
    onNonceAdvanced(sender, nonce) {
      const queue = senders.get(sender.toLowerCase())
      // Equal is the common case: popReady already moved `next` past the executed transaction.
      if (queue !== undefined && nonce !== queue.next) advanceTo(queue, nonce)
    },
    get: (hash) => byHash.get(hash)?.tx,
    has: (hash) => byHash.has(hash),
    readyCount: () => readyTotal,
    size: () => byHash.size,
    bytes: () => totalBytes,
    pending: () => collect(true),
    queued: () => collect(false),
    remove(hash) {
      const entry = byHash.get(hash)
      if (entry === undefined) return false
      detach(entry)
      resync(entry.queue)
      return true
    },
  }
}
