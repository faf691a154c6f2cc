import { PayloadTooLargeError } from '@rtevm/protocol'
import { FeeTooLowError, InsufficientFundsError, NonceTooLowError } from '@rtevm/protocol/errors'
import {
  NonceTooHighError,
  ReplacementUnderpricedError,
  SenderQueueFullError,
  TipAboveFeeCapError,
} from './errors.ts'
import type { AccountState, MempoolOptions, PoolTransaction } from './types.ts'

/** What admission needs to know about the sender's transactions already in the pool. */
export type SenderHolding = {
  /** The held transaction with the same nonce, which the new one would replace. */
  existing: PoolTransaction | undefined
  /** How many transactions the sender holds. */
  count: number
}

/**
 * Throws the first reason the pool must turn `tx` away, independent of pool capacity (which
 * `createMempool` settles next, possibly by evicting). Checks run cheapest and most telling first.
 *
 * The balance check compares each transaction's cost with the current balance alone; it does not
 * subtract what the sender's earlier pending transactions may spend, since incoming transfers can
 * change the balance before they run. Execution is the final judge.
 */
export function checkAdmission(
  tx: PoolTransaction,
  account: AccountState,
  baseFee: bigint,
  holding: SenderHolding,
  options: MempoolOptions,
): void {
  if (tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
    throw new TipAboveFeeCapError(tx.hash, tx.maxPriorityFeePerGas, tx.maxFeePerGas)
  }
  if (tx.maxFeePerGas < baseFee) throw new FeeTooLowError(tx.hash, tx.maxFeePerGas, baseFee)
  if (tx.nonce < account.nonce) throw new NonceTooLowError(tx.sender, account.nonce, tx.nonce)
  // Held transactions do not extend the window: the distance is always from the account nonce.
  if (tx.nonce - account.nonce > BigInt(options.maxNonceGap)) {
    throw new NonceTooHighError(tx.sender, account.nonce, tx.nonce, options.maxNonceGap)
  }
  if (tx.cost > account.balance) throw new InsufficientFundsError(tx.sender, account.balance, tx.cost)
  if (tx.size > options.maxBytes) throw new PayloadTooLargeError('transaction', tx.size, options.maxBytes)
  if (holding.existing) checkReplacement(tx, holding.existing, options.replacementBumpPercent)
  else if (holding.count >= options.maxPerSender) {
    throw new SenderQueueFullError(tx.sender, holding.count, options.maxPerSender)
  }
}

/** Both fee caps must reach `old × (100 + bump) / 100`, rounded up, so +10% of 100 is exactly 110. */
function checkReplacement(tx: PoolTransaction, old: PoolTransaction, bumpPercent: number): void {
  const required = {
    maxFeePerGas: bumped(old.maxFeePerGas, bumpPercent),
    maxPriorityFeePerGas: bumped(old.maxPriorityFeePerGas, bumpPercent),
  }
  if (tx.maxFeePerGas < required.maxFeePerGas || tx.maxPriorityFeePerGas < required.maxPriorityFeePerGas) {
    throw new ReplacementUnderpricedError(tx.sender, tx.nonce, bumpPercent, required, tx)
  }
}

function bumped(value: bigint, percent: number): bigint {
  const scaled = value * BigInt(100 + percent)
  return (scaled + 99n) / 100n
}
