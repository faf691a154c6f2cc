import { RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

/** Codes of block-level checks (strings, so `protocol/` needs no new entries). */
export const BlockErrorCode = {
  RootMismatch: 'ROOT_MISMATCH',
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
      BlockErrorCode.RootMismatch,
      `block ${blockNumber}: ${field} is ${expected} in the stream but ${computed} here`,
      { ...options, data: { blockNumber, field, expected, computed } },
    )
    this.blockNumber = blockNumber
    this.field = field
    this.expected = expected
    this.computed = computed
  }
}
