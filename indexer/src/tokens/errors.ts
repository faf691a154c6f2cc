import { RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

/** Codes of the token metadata reader's errors (beside the indexer's in `../errors.ts`). */
export const TokenErrorCode = {
  MetadataFailed: 'INDEXER_TOKEN_METADATA_FAILED',
  MetadataQueueFull: 'INDEXER_TOKEN_METADATA_QUEUE_FULL',
} as const

/** Reading or storing a token's name/symbol/decimals failed; the row keeps nulls, indexing goes on. */
export class TokenMetadataError extends RtevmError {
  override name = 'TokenMetadataError'
  constructor(token: string, options: RtevmErrorOptions = {}) {
    super(TokenErrorCode.MetadataFailed, `cannot read metadata of token ${token}`, options)
  }
}

/** More new tokens waited for metadata than the reader holds; these are left with nulls. */
export class TokenMetadataQueueFullError extends RtevmError {
  override name = 'TokenMetadataQueueFullError'
  constructor(limit: number, dropped: number) {
    super(
      TokenErrorCode.MetadataQueueFull,
      `token metadata queue holds ${limit}; ${dropped} token(s) left without metadata until the next start`,
    )
  }
}
