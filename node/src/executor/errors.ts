import { ErrorCode, RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

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
