import { ErrorCode, RtevmError } from '@rtevm/protocol'

/** The sequencer is stopping; the request was not executed. */
export class ShuttingDownError extends RtevmError {
  override name = 'ShuttingDownError'
  constructor() {
    super(ErrorCode.ShuttingDown, 'the sequencer is shutting down', { retryable: true })
  }
}

/** The data-availability log refused an append: nothing after it can be acknowledged. */
export class DataLogFailedError extends RtevmError {
  override name = 'DataLogFailedError'
  constructor(cause: unknown) {
    super(ErrorCode.Internal, 'the data-availability log failed; the sequencer stopped acknowledging', {
      cause,
      details: 'check the data directory (disk space, permissions), then restart: it recovers from the log',
    })
  }
}

/** A devnet command on a sequencer started with dev methods off. */
export class DevMethodsDisabledError extends RtevmError {
  override name = 'DevMethodsDisabledError'
  constructor() {
    super(ErrorCode.DevMethodsDisabled, 'dev methods are disabled on this sequencer', {
      details: 'start it without --no-dev-methods to use anvil_*, hardhat_* and evm_* methods',
    })
  }
}

/** A devnet command whose arguments the sequencer cannot apply. */
export class InvalidDevCommandError extends RtevmError {
  override name = 'InvalidDevCommandError'
  constructor(message: string) {
    super(ErrorCode.InvalidDevCommand, message)
  }
}

/** An unsigned transaction from an address that is not impersonated. */
export class NotImpersonatedError extends RtevmError {
  override name = 'NotImpersonatedError'
  constructor(address: string) {
    super(ErrorCode.NotImpersonated, `account ${address} is not impersonated`, {
      details: 'call anvil_impersonateAccount first, or sign the transaction',
    })
  }
}
