/** What the pool needs to know about a transaction; the sequencer builds it at admission. */
export type PoolTransaction = {
  /** 0x-hex transaction hash; the pool's unique key. */
  hash: string
  /** 0x-hex lowercase address; the key of the per-sender queue. */
  sender: string
  nonce: bigint
  gasLimit: bigint
  /** Equals `gasPrice` for legacy and EIP-2930 transactions. */
  maxFeePerGas: bigint
  /** Equals `gasPrice` for legacy and EIP-2930 transactions. */
  maxPriorityFeePerGas: bigint
  /** `gasLimit * maxFeePerGas + value`: the most the sender can be charged. */
  cost: bigint
  /** Encoded size in bytes. */
  size: number
  /** The decoded transaction, opaque to the pool and handed back as is. */
  payload: unknown
}

/** Limits and policy of a mempool; every field has a default in `defaultMempoolOptions`. */
export type MempoolOptions = {
  /** Most transactions held in total. */
  maxTransactions: number
  /** Most encoded bytes held in total. */
  maxBytes: number
  /** Most transactions held for one sender, ready and queued together. */
  maxPerSender: number
  /** Furthest nonce accepted beyond the account nonce: `nonce - accountNonce <= maxNonceGap`. */
  maxNonceGap: number
  /** A replacement must raise both fee fields by at least this many percent. */
  replacementBumpPercent: number
}

/** The sender's state as the sequencer sees it when a transaction is admitted. */
export type AccountState = { nonce: bigint; balance: bigint }

/** Outcome of a successful `add`. */
export type AddResult = {
  /** True when the transaction can be popped now (every lower nonce down to the account nonce is present). */
  ready: boolean
  /** The transaction with the same sender and nonce that this one replaced. */
  replaced?: PoolTransaction
  /** Queued transactions dropped to make room, cheapest first; callers may tell their submitters. */
  evicted?: PoolTransaction[]
}

/**
 * The sequencer's pool of admitted, not yet executed transactions. In memory only; every method is
 * synchronous and at most O(log n) on the hot path (add, popReady, onNonceAdvanced).
 */
export type Mempool = {
  /**
   * Admits a transaction, given the sender's current account nonce and balance and the current base
   * fee. Throws a typed `RtevmError` subclass from `./errors.ts` when the transaction is rejected.
   */
  add(tx: PoolTransaction, account: AccountState, baseFee: bigint): AddResult
  /**
   * Removes and returns the best executable transaction: among senders whose next nonce is present,
   * the highest effective tip `min(maxPriorityFeePerGas, maxFeePerGas - baseFee)`, ties to the earliest
   * arrival. Returns undefined when nothing is ready or no ready transaction covers `baseFee`.
   */
  popReady(baseFee: bigint): PoolTransaction | undefined
  /**
   * Tells the pool the sender's account nonce is now `nonce`, after each executed transaction (and
   * with the unchanged nonce after a popped one failed to be included, so its successors wait for
   * the gap to be refilled). Drops transactions with lower nonces.
   */
  onNonceAdvanced(sender: string, nonce: bigint): void
  /** The transaction with this hash, if held. */
  get(hash: string): PoolTransaction | undefined
  /** True when a transaction with this hash is held. */
  has(hash: string): boolean
  /** Number of ready transactions. */
  readyCount(): number
  /** Number of transactions held, ready and queued. */
  size(): number
  /** Encoded bytes held. */
  bytes(): number
  /** Ready transactions, grouped by sender in nonce order, for txpool-style inspection. */
  pending(): PoolTransaction[]
  /** Transactions waiting behind a nonce gap. */
  queued(): PoolTransaction[]
  /** Drops a transaction; its sender's later transactions become queued. Returns false when unknown. */
  remove(hash: string): boolean
}

/** Callbacks for transactions the pool drops on its own, so their submitters can be told. */
export type MempoolHooks = {
  /** A held transaction whose nonce the account has already used (it can never run). */
  onStale?(tx: PoolTransaction): void
}
