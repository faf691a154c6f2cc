import {
  type Address,
  type BlockTag,
  type Client,
  formatLog,
  type Hex,
  type Log,
  numberToHex,
  type RpcLog,
} from 'viem'

export type GetLogsWithCursorParameters = {
  address?: Address | readonly Address[]
  topics?: readonly (Hex | readonly Hex[] | null)[]
  fromBlock?: bigint | BlockTag
  toBlock?: bigint | BlockTag
  blockHash?: Hex
  /** Logs per page (server default 1 000, capped at 10 000). */
  limit?: number
  /** Resume after a page an earlier call returned. */
  cursor?: Hex
}

/** One page: `cursor` is present exactly when more matching logs remain. */
export type LogPage = { logs: Log[]; cursor: Hex | undefined }

/**
 * `eth_getLogsWithCursor` (MegaETH's realtime API), page by page: each page resumes right after
 * the previous one's last log, with no gap or duplicate even while mini-blocks arrive. Only one
 * page is held at a time; stop iterating to stop fetching.
 */
export async function* getLogsWithCursor(
  client: Client,
  parameters: GetLogsWithCursorParameters,
): AsyncGenerator<LogPage, void, undefined> {
  const { address, topics, blockHash, limit } = parameters
  const filter: Record<string, unknown> = { address, topics, blockHash, limit }
  if (parameters.fromBlock !== undefined) filter.fromBlock = blockParam(parameters.fromBlock)
  if (parameters.toBlock !== undefined) filter.toBlock = blockParam(parameters.toBlock)
  let cursor = parameters.cursor
  do {
    const page = (await client.request(
      { method: 'eth_getLogsWithCursor', params: [{ ...filter, cursor }] } as never,
      { retryCount: 0 },
    )) as { logs: RpcLog[]; cursor?: Hex }
    cursor = page.cursor
    yield { logs: page.logs.map((log) => formatLog(log)), cursor }
  } while (cursor !== undefined)
}

function blockParam(block: bigint | BlockTag): string {
  return typeof block === 'bigint' ? numberToHex(block) : block
}
