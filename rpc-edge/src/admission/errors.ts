import { ErrorCode, RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

// The sequencer's rejections, word for word (node/src/executor/errors.ts,
// node/src/sequencer/rejections.ts, node/src/mempool/errors.ts), so a client
// sees the same code and message whether the edge or the sequencer refused.

/** Bytes that are not a valid signed transaction of a supported type. */
export class InvalidTransactionError extends RtevmError {
  override name = 'InvalidTransactionError'
  constructor(reason: string, options: RtevmErrorOptions = {}) {
    super(ErrorCode.InvalidTransaction, `invalid transaction: ${reason}`, options)
  }
}

/** No signature, or one that does not recover to a public key. */
export class InvalidSignatureError extends RtevmError {
  override name = 'InvalidSignatureError'
  constructor(reason: string) {
    super(ErrorCode.InvalidSignature, `invalid signature: ${reason}`)
  }
}

/** Signed for another chain. */
export class WrongChainIdError extends RtevmError {
  override name = 'WrongChainIdError'
  constructor(expected: bigint, got: bigint) {
    super(ErrorCode.WrongChainId, `wrong chain id: this chain is ${expected}, the transaction is for ${got}`)
  }
}

/** A gas limit above the per-transaction or block maximum. */
export class GasLimitExceededError extends RtevmError {
  override name = 'GasLimitExceededError'
  constructor(gasLimit: bigint, what: 'per-transaction maximum' | 'block gas limit', limit: bigint) {
    super(ErrorCode.GasLimitExceeded, `gas limit ${gasLimit} exceeds the ${what} of ${limit}`)
  }
}

/** A gas limit below the intrinsic cost (or the EIP-7623 calldata floor). */
export class IntrinsicGasTooLowError extends RtevmError {
  override name = 'IntrinsicGasTooLowError'
  constructor(intrinsic: bigint, gasLimit: bigint) {
    super(
      ErrorCode.IntrinsicGasTooLow,
      `intrinsic gas too low: the transaction needs at least ${intrinsic} gas, its limit is ${gasLimit}`,
    )
  }
}

/** The fee cap does not cover the base fee. */
export class FeeTooLowError extends RtevmError {
  override name = 'FeeTooLowError'
  constructor(hash: string, maxFeePerGas: bigint, baseFee: bigint) {
    super(
      ErrorCode.FeeTooLow,
      `transaction underpriced: ${hash} has maxFeePerGas ${maxFeePerGas}, below the base fee ${baseFee}`,
    )
  }
}

/** The nonce was already used by the account (as far as this edge's replica knows). */
export class NonceTooLowError extends RtevmError {
  override name = 'NonceTooLowError'
  constructor(sender: string, accountNonce: bigint, nonce: bigint) {
    super(
      ErrorCode.NonceTooLow,
      `nonce too low: account ${sender} has nonce ${accountNonce}, transaction has ${nonce}`,
    )
  }
}

/** The account cannot pay gasLimit × fee cap + value. */
export class InsufficientFundsError extends RtevmError {
  override name = 'InsufficientFundsError'
  constructor(sender: string, balance: bigint, cost: bigint) {
    super(
      ErrorCode.InsufficientFunds,
      `insufficient funds: account ${sender} has balance ${balance}, transaction costs up to ${cost}`,
    )
  }
}
