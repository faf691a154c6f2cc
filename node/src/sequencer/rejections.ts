import { getMinimumGasLimit } from '@ethereumjs/tx'
import { ErrorCode, RtevmError } from '@rtevm/protocol'
import type { SequencerConfig } from '../config/index.ts'
import type { DecodedTransaction } from '../executor/index.ts'

/** Checks that need the chain's limits but not its state; nonce and balance are the mempool's. */
export function rejectionOf(decoded: DecodedTransaction, config: SequencerConfig): RtevmError | undefined {
  const { tx } = decoded
  if (tx.gasLimit > config.maxTransactionGas) {
    return new RtevmError(
      ErrorCode.GasLimitExceeded,
      `gas limit ${tx.gasLimit} exceeds the per-transaction maximum of ${config.maxTransactionGas}`,
    )
  }
  if (tx.gasLimit > config.blockGasLimit) {
    return new RtevmError(
      ErrorCode.GasLimitExceeded,
      `gas limit ${tx.gasLimit} exceeds the block gas limit of ${config.blockGasLimit}`,
    )
  }
  // Intrinsic gas, or the EIP-7623 calldata floor when that is higher.
  const intrinsic = getMinimumGasLimit(tx)
  if (tx.gasLimit < intrinsic) {
    return new RtevmError(
      ErrorCode.IntrinsicGasTooLow,
      `intrinsic gas too low: the transaction needs at least ${intrinsic} gas, its limit is ${tx.gasLimit}`,
    )
  }
  return undefined
}
