import { ErrorCode, RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

/** Compiled EVM code reached a state the compiler rules out: a compiler bug, never a transaction's fault. */
export class CompiledCodeError extends RtevmError {
  override name = 'CompiledCodeError'
  constructor(message: string, options: RtevmErrorOptions = {}) {
    super(ErrorCode.Internal, message, options)
  }
}
