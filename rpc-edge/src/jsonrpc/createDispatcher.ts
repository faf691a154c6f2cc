import {
  InvalidRequestError,
  type JsonRpcErrorObject,
  LimitExceededError,
  MethodNotFoundError,
  ParseError,
  toJsonRpcError,
} from '../errors/index.ts'
import type { ConnectionSubscriptions } from '../subscriptions/index.ts'
import { type JsonRpcRequest, validateRequest } from './envelope.ts'
import type { MethodTable, RequestContext } from './MethodTable.ts'
import { parseParams } from './Param.ts'

/** Told about every call, for metrics. `method` is `undefined` for a name not in the table. */
export type CallObserver = (method: string | undefined, error: JsonRpcErrorObject | undefined) => void

export type DispatcherOptions<C> = {
  methods: MethodTable<C>
  context: C
  /** Most requests one batch may carry. */
  maxBatch: number
  onCall?: CallObserver
  /** Errors that are not `RtevmError`s with a mapped code: bugs, for logs. */
  onInternalError?: (error: unknown) => void
}

/** Where a payload came from. */
export type CallSource = { transport: 'http' | 'ws'; subscriptions?: ConnectionSubscriptions }

/** Turns request text into response text; transport-agnostic. */
export type Dispatcher = {
  /** Resolves to the serialized response, or `undefined` when nothing is to be sent (only notifications). Never rejects. */
  handle(text: string, source: CallSource): Promise<string | undefined>
}

/**
 * Parses a JSON-RPC 2.0 payload (single or batch), runs each call through the
 * method table and serializes the answers. Each response is stringified on its
 * own so one unserializable result fails only its call.
 */
export function createDispatcher<C>(options: DispatcherOptions<C>): Dispatcher {
  const { methods, context, maxBatch, onCall, onInternalError } = options

  function errorText(id: string | number | null, error: unknown): string {
    const object = toJsonRpcError(error, onInternalError)
    return JSON.stringify({ jsonrpc: '2.0', id, error: object })
  }

  /** Runs one validated request; resolves to its response text or `undefined` for a notification. */
  async function call(request: JsonRpcRequest, source: CallSource): Promise<string | undefined> {
    const id = request.id ?? null
    const known = Object.hasOwn(methods, request.method)
    try {
      // hasOwn: a method named "toString" or "__proto__" must not reach Object.prototype.
      if (!known) throw new MethodNotFoundError(request.method)
      const method = methods[request.method]
      const params = parseParams(method.params, request.params)
      const ctx: RequestContext<C> = {
        context,
        transport: source.transport,
        subscriptions: source.subscriptions,
      }
      const result = await method.handler(params, ctx)
      onCall?.(request.method, undefined)
      if (request.id === undefined) return undefined
      return JSON.stringify({ jsonrpc: '2.0', id, result: result ?? null })
    } catch (error) {
      const object = toJsonRpcError(error, onInternalError)
      onCall?.(known ? request.method : undefined, object)
      if (request.id === undefined) return undefined
      return JSON.stringify({ jsonrpc: '2.0', id, error: object })
    }
  }

  function entry(value: unknown, source: CallSource): Promise<string | undefined> | string {
    const checked = validateRequest(value)
    if (!checked.ok) {
      onCall?.(undefined, toJsonRpcError(checked.error))
      return errorText(checked.id, checked.error)
    }
    return call(checked.request, source)
  }

  async function handle(text: string, source: CallSource): Promise<string | undefined> {
    let payload: unknown
    try {
      payload = JSON.parse(text)
    } catch (cause) {
      const error = new ParseError({ cause })
      onCall?.(undefined, toJsonRpcError(error))
      return errorText(null, error)
    }
    try {
      if (!Array.isArray(payload)) return await entry(payload, source)
      if (payload.length === 0) {
        const error = new InvalidRequestError('empty batch')
        onCall?.(undefined, toJsonRpcError(error))
        return errorText(null, error)
      }
      if (payload.length > maxBatch) {
        const error = new LimitExceededError('batch length', payload.length, maxBatch)
        onCall?.(undefined, toJsonRpcError(error))
        return errorText(null, error)
      }
      const answers = await Promise.all(payload.map((value) => entry(value, source)))
      const sent = answers.filter((answer): answer is string => answer !== undefined)
      // JSON-RPC 2.0: a batch of only notifications gets no response at all, not `[]`.
      return sent.length === 0 ? undefined : `[${sent.join(',')}]`
    } catch (error) {
      // Only a bug gets here (handlers' errors are caught per call); still answer.
      return errorText(null, error)
    }
  }

  return { handle }
}
