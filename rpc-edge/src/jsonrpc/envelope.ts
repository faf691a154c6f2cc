import { InvalidRequestError, type JsonRpcErrorObject } from '../errors/index.ts'

/** A request id; `undefined` marks a notification (no `id` member), which gets no response. */
export type JsonRpcId = string | number | null | undefined

/** A validated JSON-RPC 2.0 request. */
export type JsonRpcRequest = { id: JsonRpcId; method: string; params: unknown }

/** A validated request, or why the entry was rejected (answered with id `null` or its own id). */
export type RequestEntry =
  | { ok: true; request: JsonRpcRequest }
  | { ok: false; id: string | number | null; error: InvalidRequestError }

/** A JSON-RPC 2.0 response, before serialization. */
export type JsonRpcResponse =
  | { jsonrpc: '2.0'; id: string | number | null; result: unknown }
  | { jsonrpc: '2.0'; id: string | number | null; error: JsonRpcErrorObject }

/** Checks one element of a payload against the JSON-RPC 2.0 request shape. */
export function validateRequest(value: unknown): RequestEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: null, error: new InvalidRequestError('expected a JSON-RPC 2.0 request object') }
  }
  const o = value as Record<string, unknown>
  const id = o.id
  const idOk = id === undefined || id === null || typeof id === 'string' || typeof id === 'number'
  if (!idOk)
    return { ok: false, id: null, error: new InvalidRequestError('id must be a string, number or null') }
  const replyId = (id ?? null) as string | number | null
  if (o.jsonrpc !== '2.0') {
    return { ok: false, id: replyId, error: new InvalidRequestError('jsonrpc must be exactly "2.0"') }
  }
  if (typeof o.method !== 'string' || o.method.length === 0) {
    return { ok: false, id: replyId, error: new InvalidRequestError('method must be a non-empty string') }
  }
  const params = o.params
  if (params !== undefined && (typeof params !== 'object' || params === null)) {
    return { ok: false, id: replyId, error: new InvalidRequestError('params must be an array or object') }
  }
  // `'id' in o` distinguishes a notification from an explicit `"id": null`.
  return { ok: true, request: { id: 'id' in o ? (id as JsonRpcId) : undefined, method: o.method, params } }
}
