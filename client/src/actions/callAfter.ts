import { type Client, formatTransactionRequest, type Hex, numberToHex, type TransactionRequest } from 'viem'

/** What `callAfter` waits for on the server's state. */
export type AfterCondition = Hex | { miniBlock: bigint } | { blockNumber: bigint }

export type CallAfterParameters = {
  call: TransactionRequest
  /** A transaction hash (included), a mini-block, or a sealed EVM block. */
  after: AfterCondition
  /** How long the server waits for `after` (its default: 10 s; capped at 30 s). */
  timeoutMs?: number
}

/**
 * `eth_callAfter`: read-your-writes eth_call. The server waits until `after` holds on its state,
 * then runs the call on the newest state, which includes it: no polling for a receipt first.
 * A timeout is JSON-RPC error 4 with the condition in `data`; a revert is error 3.
 */
export async function callAfter(client: Client, parameters: CallAfterParameters): Promise<Hex> {
  const { call, after, timeoutMs } = parameters
  const condition =
    typeof after === 'string'
      ? after
      : 'miniBlock' in after
        ? { miniBlock: numberToHex(after.miniBlock) }
        : { blockNumber: numberToHex(after.blockNumber) }
  const params: unknown[] = [formatTransactionRequest(call), condition]
  if (timeoutMs !== undefined) params.push(timeoutMs)
  return (await client.request({ method: 'eth_callAfter', params } as never, { retryCount: 0 })) as Hex
}
