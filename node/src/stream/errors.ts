import { ErrorCode, RtevmError } from '@rtevm/protocol'

/** A follower asked for events older than the history the sequencer still holds. */
export class CursorPrunedError extends RtevmError {
  override name = 'CursorPrunedError'
  constructor(fromSeq: bigint, oldest: bigint) {
    super(ErrorCode.CursorPruned, `cursor ${fromSeq} is older than the oldest retained event ${oldest}`, {
      details: 'resume from a newer cursor, or raise --history-limit on the sequencer',
    })
  }
}

/** A follower asked for events beyond the head: it has seen a different (newer) chain. */
export class CursorAheadError extends RtevmError {
  override name = 'CursorAheadError'
  constructor(fromSeq: bigint, head: bigint) {
    super(ErrorCode.CursorAhead, `cursor ${fromSeq} is ahead of the stream head ${head}`, {
      details: 'the follower has state from another chain; restart it with an empty data directory',
    })
  }
}
