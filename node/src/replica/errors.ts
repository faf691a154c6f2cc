import { ErrorCode, RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

/** Codes of the replica's errors (strings, so `protocol/` needs no new entries). */
export const ReplicaErrorCode = {
  RootMismatch: 'ROOT_MISMATCH',
  OutOfOrder: 'STREAM_OUT_OF_ORDER',
  Halted: 'REPLICA_HALTED',
} as const

/**
 * What the sequencer sent does not match what the replica re-derived: a root,
 * a count, a hash. The replica halts: its state can no longer be trusted.
 */
export class ReplicaMismatchError extends RtevmError {
  override name = 'ReplicaMismatchError'
  readonly blockNumber: bigint
  readonly field: string
  readonly expected: string
  readonly computed: string

  constructor(
    blockNumber: bigint,
    field: string,
    expected: string,
    computed: string,
    options: RtevmErrorOptions = {},
  ) {
    super(
      ReplicaErrorCode.RootMismatch,
      `block ${blockNumber}: ${field} is ${expected} in the stream but ${computed} here`,
      { ...options, data: { blockNumber, field, expected, computed } },
    )
    this.blockNumber = blockNumber
    this.field = field
    this.expected = expected
    this.computed = computed
  }
}

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

/** The replica's state was written while a call held a checkpoint on it (a caller bug). */
export class ReplicaBusyError extends RtevmError {
  override name = 'ReplicaBusyError'
  constructor() {
    super(ErrorCode.Internal, 'a diff arrived while a checkpoint was open on the replica state', {
      details: 'calls must run to completion (one microtask chain) before the next event is applied',
    })
  }
}
