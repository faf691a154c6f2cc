import {
  type Client,
  formatTransactionReceipt,
  type Hex,
  type RpcTransactionReceipt,
  type TransactionReceipt,
} from 'viem'

export type SendRawTransactionSyncParameters = {
  serializedTransaction: Hex
  /** How long the server waits for inclusion (EIP-7966; rtevm's default 2 s, capped at 10 s). */
  timeoutMs?: number
  /** Attempts after the first one when the answer was lost or the server was not ready (default 3). */
  retries?: number
  /** Wait before the first retry, doubled on each (default 50 ms). */
  retryDelayMs?: number
  /** MegaETH's `realtime_sendRawTransaction` (fixed 10 s cap) instead of EIP-7966's. */
  method?: 'eth_sendRawTransactionSync' | 'realtime_sendRawTransaction'
}

/** JSON-RPC codes a retry can cure: 4 inclusion timeout, 5 not ready, -32005 rate limited. */
const RETRYABLE_CODES = new Set([4, 5, -32005])

/**
 * Sends a signed transaction and resolves with its receipt, one round trip. Safe to retry: the
 * server answers a transaction it already included with its receipt, so a retry after a dropped
 * socket or a timeout never fails with "nonce too low" nor sends twice. Reverted receipts resolve
 * (check `status`); rejections (bad nonce, funds, fee) throw at once.
 */
export async function sendRawTransactionSync(
  client: Client,
  parameters: SendRawTransactionSyncParameters,
): Promise<TransactionReceipt> {
  const { serializedTransaction, timeoutMs, retries = 3, retryDelayMs = 50 } = parameters
  const method = parameters.method ?? 'eth_sendRawTransactionSync'
  const params: unknown[] = [serializedTransaction]
  if (timeoutMs !== undefined && method === 'eth_sendRawTransactionSync') params.push(timeoutMs)
  for (let attempt = 0; ; attempt++) {
    try {
      const receipt = await client.request({ method, params } as never, { retryCount: 0 })
      return formatTransactionReceipt(receipt as RpcTransactionReceipt)
    } catch (error) {
      if (attempt >= retries || !isRetryable(error)) throw error
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** attempt))
    }
  }
}

/** Whether anything in the cause chain says a retry may succeed. */
export function isRetryable(error: unknown): boolean {
  let current = error as { cause?: unknown; code?: unknown; retryable?: unknown } | undefined
  for (let depth = 0; current && depth < 16; depth++) {
    if (current.retryable === true) return true
    if (typeof current.code === 'number' && RETRYABLE_CODES.has(current.code)) return true
    current = current.cause as typeof current
  }
  return false
}
