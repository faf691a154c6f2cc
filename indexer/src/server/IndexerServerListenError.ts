import { RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

/** The GraphQL server could not listen on its host and port (in use, not permitted, no such address). */
export class IndexerServerListenError extends RtevmError {
  override name = 'IndexerServerListenError'
  constructor(host: string, port: number, options: RtevmErrorOptions = {}) {
    super(
      'INDEXER_SERVER_LISTEN_FAILED',
      `the indexer's GraphQL server cannot listen on ${host}:${port}`,
      options,
    )
  }
}
