import { RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

/** Codes of the indexer's errors (strings, so `protocol/` needs no new entries). */
export const IndexerErrorCode = {
  OutOfOrder: 'INDEXER_OUT_OF_ORDER',
  WriteFailed: 'INDEXER_WRITE_FAILED',
  QueueOverflow: 'INDEXER_QUEUE_OVERFLOW',
  BadTransaction: 'INDEXER_BAD_TRANSACTION',
  ListenerFailed: 'INDEXER_LISTENER_FAILED',
  BadStoreConfig: 'INDEXER_BAD_STORE_CONFIG',
  TransactionEnded: 'INDEXER_TRANSACTION_ENDED',
} as const

/** A batch did not start right after the committed cursor; nothing of it was written. */
export class IndexerSequenceError extends RtevmError {
  override name = 'IndexerSequenceError'
  constructor(expected: bigint, received: bigint) {
    super(IndexerErrorCode.OutOfOrder, `expected stream event ${expected}, received ${received}`)
  }
}

/** A batch's database transaction failed and was rolled back; the indexer resumes from its cursor. */
export class IndexerWriteError extends RtevmError {
  override name = 'IndexerWriteError'
  constructor(fromSeq: bigint, toSeq: bigint, options: RtevmErrorOptions = {}) {
    super(IndexerErrorCode.WriteFailed, `writing stream events ${fromSeq}..${toSeq} failed`, {
      retryable: true,
      ...options,
    })
  }
}

/**
 * More events arrived than the queue holds while the database was behind. The
 * link and the events past the limit are dropped; the indexer writes the rest
 * and resubscribes from its committed cursor.
 */
export class IndexerOverflowError extends RtevmError {
  override name = 'IndexerOverflowError'
  constructor(limit: number) {
    super(
      IndexerErrorCode.QueueOverflow,
      `indexer queue exceeded ${limit} events; resubscribing from the cursor`,
      {
        retryable: true,
      },
    )
  }
}

/** A sealed transaction's raw bytes could not be parsed. */
export class IndexerTransactionError extends RtevmError {
  override name = 'IndexerTransactionError'
  constructor(hash: string, cause: unknown) {
    super(IndexerErrorCode.BadTransaction, `cannot parse transaction ${hash}`, { cause })
  }
}

/** A commit listener threw; the batch stays committed and other listeners still ran. */
export class IndexerListenerError extends RtevmError {
  override name = 'IndexerListenerError'
  constructor(fromSeq: bigint, toSeq: bigint, options: RtevmErrorOptions = {}) {
    super(
      IndexerErrorCode.ListenerFailed,
      `a commit listener failed on stream events ${fromSeq}..${toSeq}`,
      options,
    )
  }
}

/** The database configuration (a `DATABASE_URL`, a store kind) cannot be used. */
export class IndexerStoreConfigError extends RtevmError {
  override name = 'IndexerStoreConfigError'
  constructor(message: string, options: RtevmErrorOptions = {}) {
    super(IndexerErrorCode.BadStoreConfig, message, options)
  }
}

/** A query was issued on a transaction after it committed or rolled back (a handler kept `tx` too long). */
export class IndexerTransactionEndedError extends RtevmError {
  override name = 'IndexerTransactionEndedError'
  constructor() {
    super(IndexerErrorCode.TransactionEnded, 'query on a database transaction that has already ended')
  }
}
