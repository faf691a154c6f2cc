import { RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'
import { bytesToHex } from 'viem'
import type { IndexedLog } from '../follower/CommittedBatch.ts'

/** Codes of the modules' errors (beside the indexer's in `../errors.ts`). */
export const IndexerModuleErrorCode = {
  HandlerFailed: 'INDEXER_MODULE_HANDLER_FAILED',
  BadConfig: 'INDEXER_MODULE_BAD_CONFIG',
} as const

/**
 * A module's handler threw: the whole batch was rolled back (core rows, other
 * modules' rows and the cursor) and the indexer retries it from the cursor.
 * Reported as the cause of an `IndexerWriteError`.
 */
export class IndexerModuleError extends RtevmError {
  override name = 'IndexerModuleError'
  readonly module: string
  readonly handler: string
  constructor(module: string, handler: string, log: IndexedLog, options: RtevmErrorOptions = {}) {
    super(
      IndexerModuleErrorCode.HandlerFailed,
      `module ${module}: handler ${handler} failed on log ${log.logIndex} of block ${log.blockNumber} (transaction ${bytesToHex(log.transactionHash)})`,
      { retryable: true, ...options },
    )
    this.module = module
    this.handler = handler
  }
}

/** A module the indexer cannot run (duplicate name, unknown contract or event, bad address, failing schema). */
export class IndexerModuleConfigError extends RtevmError {
  override name = 'IndexerModuleConfigError'
  constructor(module: string, problem: string, options: RtevmErrorOptions = {}) {
    super(IndexerModuleErrorCode.BadConfig, `module ${module}: ${problem}`, options)
  }
}
