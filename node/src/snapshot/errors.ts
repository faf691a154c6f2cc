import { RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

/** Codes of the snapshot errors (strings, so `protocol/` needs no new entries). */
export const SnapshotErrorCode = {
  Corrupt: 'SNAPSHOT_CORRUPT',
  StateBusy: 'SNAPSHOT_STATE_BUSY',
} as const

/** A snapshot file fails its checksum or does not decode; `file` names it. */
export class SnapshotCorruptError extends RtevmError {
  override name = 'SnapshotCorruptError'
  readonly file: string

  constructor(file: string, problem: string, options: RtevmErrorOptions = {}) {
    super(SnapshotErrorCode.Corrupt, `snapshot ${file} is unusable: ${problem}`, {
      ...options,
      data: { file },
    })
    this.file = file
  }
}

/** A snapshot was asked for while a transaction held a checkpoint open: its state is not a committed one. */
export class SnapshotStateBusyError extends RtevmError {
  override name = 'SnapshotStateBusyError'
  constructor(depth: number) {
    super(SnapshotErrorCode.StateBusy, `cannot snapshot inside ${depth} open checkpoint(s)`, {
      details: 'take snapshots between transactions, e.g. right after a block is sealed',
    })
  }
}
