import { ErrorCode, RtevmError } from '@rtevm/protocol'
import { BlockErrorCode } from '../block/index.ts'

/** Codes of the replica's errors (strings, so `protocol/` needs no new entries). */
export const ReplicaErrorCode = {
  RootMismatch: BlockErrorCode.RootMismatch,
  OutOfOrder: 'STREAM_OUT_OF_ORDER',
  Halted: 'REPLICA_HALTED',
} as const

/** An event whose seq is not the next one (a gap or a duplicate). Nothing was applied. */
export class ReplicaSequenceError extends RtevmError {
  override name = 'ReplicaSequenceError'
  constructor(expected: bigint, got: bigint) {
    super(ReplicaErrorCode.OutOfOrder, `expected stream event ${expected}, got ${got}`)
  }
}

/** The replica stopped at an earlier mismatch and applies nothing more. */
export class ReplicaHaltedError extends RtevmError {
  override name = 'ReplicaHaltedError'
  constructor(cause: unknown) {
    super(ReplicaErrorCode.Halted, 'the replica halted after a mismatch and applies no more events', {
      cause,
    })
  }
}

/**
 * A stream event arrived while a call held a checkpoint on the replica's state, or a
 * batch held its snapshot (`Replica.hold`): followers retry it on the next turn.
 */
export class ReplicaBusyError extends RtevmError {
  override name = 'ReplicaBusyError'
  constructor(reason: 'checkpoint' | 'hold' = 'checkpoint') {
    const message =
      reason === 'hold'
        ? 'a stream event arrived while a batch held the replica snapshot'
        : 'a diff arrived while a checkpoint was open on the replica state'
    super(ErrorCode.Internal, message, {
      details: 'calls and held batches run to completion before the next event is applied',
      retryable: true,
    })
  }
}
