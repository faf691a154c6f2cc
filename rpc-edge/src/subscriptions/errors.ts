import { ErrorCode, RtevmError } from '@rtevm/protocol'
import { quantityHex } from '../format/index.ts'

/**
 * `fromMiniBlock` is older than what this edge can replay: past its retained
 * history or its replay limit. Names the oldest mini-block it can replay
 * (`data.oldestMiniBlock`), so a client can start from there or re-sync by
 * other means (eth_getLogs, eth_getBlockByNumber). JSON-RPC -32000.
 */
export class ReplayUnavailableError extends RtevmError {
  override name = 'ReplayUnavailableError'
  constructor(fromMiniBlock: bigint, oldestMiniBlock: bigint, newestMiniBlock: bigint) {
    super(
      ErrorCode.CursorPruned,
      `cannot replay from mini-block ${fromMiniBlock}: the oldest replayable mini-block is ${oldestMiniBlock}`,
      {
        data: {
          oldestMiniBlock: quantityHex(oldestMiniBlock),
          newestMiniBlock: quantityHex(newestMiniBlock),
        },
      },
    )
  }
}
