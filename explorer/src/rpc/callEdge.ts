import { EdgeRpcError, EdgeUnreachableError } from '../errors.ts'

const RPC_TIMEOUT_MS = 3_000

export type RpcCall = { method: string; params: unknown[] }

type RpcReply = { id: number; result?: unknown; error?: { code: number; message: string } }

/**
 * Sends JSON-RPC calls to the edge as one batch (one round trip for the
 * status bar's three reads) and returns their results in order.
 */
export async function callEdge(
  url: string,
  calls: readonly RpcCall[],
  { timeoutMs = RPC_TIMEOUT_MS }: { timeoutMs?: number } = {},
): Promise<unknown[]> {
  const body = calls.map((call, id) => ({ jsonrpc: '2.0', id, method: call.method, params: call.params }))
  let replies: RpcReply[]
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    })
    replies = (await response.json()) as RpcReply[]
  } catch (error) {
    throw new EdgeUnreachableError(url, error)
  }
  if (!Array.isArray(replies)) throw new EdgeUnreachableError(url, new Error('not a JSON-RPC batch reply'))
  const byId = new Map(replies.map((reply) => [reply.id, reply]))
  return calls.map((call, id) => {
    const reply = byId.get(id)
    if (!reply) throw new EdgeRpcError(call.method, -32603, 'no reply in the batch')
    if (reply.error) throw new EdgeRpcError(call.method, reply.error.code, reply.error.message)
    return reply.result
  })
}

/** A block header's number as the edge returns it (hex), or null for a missing block. */
export function blockNumberOf(block: unknown): bigint | null {
  if (block && typeof block === 'object' && 'number' in block && typeof block.number === 'string') {
    return BigInt(block.number)
  }
  return null
}
