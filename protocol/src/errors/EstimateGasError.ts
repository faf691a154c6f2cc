import { ErrorCode } from './codes.ts'
import { RtevmError } from './RtevmError.ts'

/** No gas limit up to the cap lets the call succeed; `data` is the revert payload when it reverted. */
export class EstimateGasError extends RtevmError {
  override name = 'EstimateGasError'
  readonly revertData?: Uint8Array
  constructor(message: string, revertData?: Uint8Array) {
    super(ErrorCode.ExecutionFailed, message, { data: revertData })
    this.revertData = revertData
  }
}
