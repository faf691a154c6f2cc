import { ErrorCode, RtevmError } from '@rtevm/protocol'
import { RpcErrorCode } from '../errors/index.ts'

/** A read worker exited or failed; its reads were answered on the edge's thread and it restarts. */
export class ReadWorkerError extends RtevmError {
  override name = 'ReadWorkerError'
  constructor(what: string, details?: string, cause?: unknown) {
    super(ErrorCode.Internal, what, { details, cause })
  }
}

/** Every read worker holds its most queued reads: the client should retry shortly (-32005). */
export class ReadPoolBusyError extends RtevmError {
  override name = 'ReadPoolBusyError'
  constructor(maxQueued: number) {
    super(RpcErrorCode.LimitExceeded, `the read workers are busy (${maxQueued} reads queued on each)`, {
      retryable: true,
    })
  }
}
