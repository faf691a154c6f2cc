import { ErrorCode, RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

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

/** EthereumJS refused to run a transaction (nonce, balance, gas checks at execution time). */
export class ExecutionRejectedError extends RtevmError {
  override name = 'ExecutionRejectedError'
  constructor(reason: string, options: RtevmErrorOptions = {}) {
    super(ErrorCode.ExecutionFailed, `transaction rejected at execution: ${reason}`, options)
  }
}

/** EthereumJS's message without the block/tx context it appends. */
export function ethereumJsReason(error: unknown): string {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
  return message.replace(/ \((vm hf|tx type|block number)=.*$/, '')
}
