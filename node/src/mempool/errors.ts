import { ErrorCode, RtevmError } from '@rtevm/protocol'

/** A transaction with this hash is already in the pool. */
export class AlreadyKnownError extends RtevmError {
  override name = 'AlreadyKnownError'
  constructor(hash: string) {
    super(ErrorCode.AlreadyKnown, `already known: transaction ${hash} is already in the mempool`)
  }
}

/** The tip cap is above the fee cap, which no fee market accepts. */
export class TipAboveFeeCapError extends RtevmError {
  override name = 'TipAboveFeeCapError'
  constructor(hash: string, maxPriorityFeePerGas: bigint, maxFeePerGas: bigint) {
    super(
      ErrorCode.InvalidTransaction,
      `invalid transaction ${hash}: maxPriorityFeePerGas ${maxPriorityFeePerGas} is above maxFeePerGas ${maxFeePerGas}`,
    )
  }
}

/** The nonce is further ahead of the account nonce than the pool holds. */
export class NonceTooHighError extends RtevmError {
  override name = 'NonceTooHighError'
  constructor(sender: string, accountNonce: bigint, nonce: bigint, maxNonceGap: number) {
    super(
      ErrorCode.NonceTooHigh,
      `nonce too high: account ${sender} has nonce ${accountNonce}, transaction has ${nonce}, more than ${maxNonceGap} ahead`,
    )
  }
}

/** Fee caps a replacement of the same sender and nonce must reach, with the ones it offered. */
export type ReplacementFees = {
  maxFeePerGas: bigint
  maxPriorityFeePerGas: bigint
}

/** A transaction for a held (sender, nonce) does not raise both fee caps by the required bump. */
export class ReplacementUnderpricedError extends RtevmError {
  override name = 'ReplacementUnderpricedError'
  constructor(
    sender: string,
    nonce: bigint,
    bumpPercent: number,
    required: ReplacementFees,
    offered: ReplacementFees,
  ) {
    super(
      ErrorCode.ReplacementUnderpriced,
      `replacement transaction underpriced: account ${sender} nonce ${nonce} needs a ${bumpPercent}% bump to ` +
        `maxFeePerGas >= ${required.maxFeePerGas} and maxPriorityFeePerGas >= ${required.maxPriorityFeePerGas}, ` +
        `got ${offered.maxFeePerGas} and ${offered.maxPriorityFeePerGas}`,
    )
  }
}

/** Pool size at the moment a transaction was turned away. */
export type PoolUsage = {
  count: number
  maxTransactions: number
  bytes: number
  maxBytes: number
}

/** The pool is full and no cheaper queued transaction could be evicted; retry once blocks drain it. */
export class MempoolFullError extends RtevmError {
  override name = 'MempoolFullError'
  constructor(hash: string, size: number, usage: PoolUsage) {
    super(
      ErrorCode.MempoolFull,
      `mempool full: holds ${usage.count} of ${usage.maxTransactions} transactions and ${usage.bytes} of ` +
        `${usage.maxBytes} bytes; no cheaper queued transaction can make room for ${hash} (${size} bytes)`,
      { retryable: true },
    )
  }
}

/** The sender already has as many transactions in the pool as one sender may; retry once some execute. */
export class SenderQueueFullError extends RtevmError {
  override name = 'SenderQueueFullError'
  constructor(sender: string, count: number, maxPerSender: number) {
    super(
      ErrorCode.SenderQueueFull,
      `sender queue full: account ${sender} has ${count} transactions in the mempool, the limit is ${maxPerSender}`,
      { retryable: true },
    )
  }
}

/** A mempool option the pool cannot work with; a configuration mistake, not a rejected transaction. */
export class InvalidMempoolOptionsError extends RtevmError {
  override name = 'InvalidMempoolOptionsError'
  constructor(option: string, value: unknown, minimum: number) {
    super(
      ErrorCode.Internal,
      `invalid mempool option ${option}: ${String(value)} is not an integer of at least ${minimum}`,
    )
  }
}
