import { getMinimumGasLimit } from '@ethereumjs/tx'
import type { RtevmError } from '@rtevm/protocol'
import { GasLimitExceededError, IntrinsicGasTooLowError } from '@rtevm/protocol/errors'
import type { SequencerConfig } from '../config/index.ts'
import type { DecodedTransaction } from '../executor/index.ts'

/** Checks that need the chain's limits but not its state; nonce and balance are the mempool's. */
export function rejectionOf(decoded: DecodedTransaction, config: SequencerConfig): RtevmError | undefined {
  const { tx } = decoded
  if (tx.gasLimit > config.maxTransactionGas) {
    return new GasLimitExceededError(tx.gasLimit, 'per-transaction maximum', config.maxTransactionGas)
  }
  if (tx.gasLimit > config.blockGasLimit) {
    return new GasLimitExceededError(tx.gasLimit, 'block gas limit', config.blockGasLimit)
  }
  // Intrinsic gas, or the EIP-7623 calldata floor when that is higher.
  const intrinsic = getMinimumGasLimit(tx)
  if (tx.gasLimit < intrinsic) return new IntrinsicGasTooLowError(intrinsic, tx.gasLimit)
  return undefined
}
