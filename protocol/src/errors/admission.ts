import { ErrorCode } from './codes.ts'
import { RtevmError, type RtevmErrorOptions } from './RtevmError.ts'

// Why a transaction is refused before it runs. The sequencer raises these and
// an edge refusing a transaction early raises the very same ones.

/** Bytes that are not a valid signed transaction for this chain. */
export class InvalidTransactionError extends RtevmError {
  override name = 'InvalidTransactionError'
  constructor(reason: string, options: RtevmErrorOptions = {}) {
    super(ErrorCode.InvalidTransaction, `invalid transaction: ${reason}`, options)
  }
}

/** A signature that does not recover to a public key. */
export class InvalidSignatureError extends RtevmError {
  override name = 'InvalidSignatureError'
  constructor(reason: string, options: RtevmErrorOptions = {}) {
    super(ErrorCode.InvalidSignature, `invalid signature: ${reason}`, options)
  }
}

/** A transaction signed for another chain. */
export class WrongChainIdError extends RtevmError {
  override name = 'WrongChainIdError'
  constructor(expected: bigint, got: bigint) {
    super(ErrorCode.WrongChainId, `wrong chain id: this chain is ${expected}, the transaction is for ${got}`)
  }
}

/** A gas limit above the per-transaction maximum or the block gas limit. */
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

/** The fee cap does not cover the current base fee, so the transaction could not be included now. */
export class FeeTooLowError extends RtevmError {
  override name = 'FeeTooLowError'
  constructor(hash: string, maxFeePerGas: bigint, baseFee: bigint) {
    super(
      ErrorCode.FeeTooLow,
      `transaction underpriced: ${hash} has maxFeePerGas ${maxFeePerGas}, below the base fee ${baseFee}`,
    )
  }
}

/** The nonce was already used by the account. */
export class NonceTooLowError extends RtevmError {
  override name = 'NonceTooLowError'
  constructor(sender: string, accountNonce: bigint, nonce: bigint) {
    super(
      ErrorCode.NonceTooLow,
      `nonce too low: account ${sender} has nonce ${accountNonce}, transaction has ${nonce}`,
    )
  }
}

/** The account cannot pay the transaction's worst-case cost. */
export class InsufficientFundsError extends RtevmError {
  override name = 'InsufficientFundsError'
  constructor(sender: string, balance: bigint, cost: bigint) {
    super(
      ErrorCode.InsufficientFunds,
      `insufficient funds: account ${sender} has balance ${balance}, transaction costs up to ${cost}`,
    )
  }
}
