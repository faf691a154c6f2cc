import { wallClockMs } from '@rtevm/protocol'
import {
  InvalidRequestError,
  type JsonRpcErrorObject,
  LimitExceededError,
  MethodNotFoundError,
  ParseError,
  toJsonRpcError,
} from '../errors/index.ts'
import type { CallClient, CallGate } from './CallGate.ts'
import type { ConnectionSubscriptions } from './ConnectionSubscriptions.ts'
import { EncodedResult } from './EncodedResult.ts'
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
  /** Per-client limits, checked before each call of a source that names its `client`. */
  gate?: CallGate
  /** Errors that are not `RtevmError`s with a mapped code: bugs, for logs. */
  onInternalError?: (error: unknown) => void
  /** Keeps a batch's entries on one chain snapshot; without it a batch's entries may see different ones. */
  snapshot?: SnapshotHold
}

/**
 * How a batch is answered from one snapshot: the dispatcher holds it before starting
 * the batch's entries and releases it once the last settles.
 */
export type SnapshotHold = {
  /**
   * Stops the state `latest`/`pending` reads answer from moving and returns its release. While
   * a stream event waits for earlier holds to end, a promise instead: of the release once the
   * event is applied, or of `undefined` (the batch runs unheld) past a bound, so batches
   * arriving back to back never starve the stream.
   */
  hold(): (() => void) | Promise<(() => void) | undefined>
  /**
   * Whether `method` waits for the chain to move (a sync send, eth_callAfter, a dev
   * method that mines): a batch with one is not held, or it would wait on itself.
   */
  waitsForChain(method: string): boolean
  /** Whether `method`'s answer does not depend on the chain at all (eth_chainId): a batch of only such is not held. */
  readsNoChain(method: string): boolean
  /**
   * While the chain's state is still being loaded (an edge's first catch-up), the promise of
   * its end: a single request that reads the chain waits for it too (a batch waits in `hold`).
   */
  starting(): Promise<void> | undefined
}

/**
 * Where a payload came from. `receivedAt` is when it arrived (`wallClockMs()`);
 * the transport runs `written`'s callbacks after writing the answer.
 */
export type CallSource = {
  transport: 'http' | 'ws'
  subscriptions?: ConnectionSubscriptions
  receivedAt?: number
  written?: (() => void)[]
  /** Who is calling, for `gate`; its `inFlight` counts this source's pending calls. */
  client?: CallClient
}

/** Runs the callbacks handlers registered with `ctx.afterReply`, once the answer is written. */
export function runAfterReply(source: CallSource): void {
  const callbacks = source.written
  if (!callbacks) return
  source.written = undefined
  for (const callback of callbacks) callback()
}

/** Serialized response text, `undefined` when nothing is to be sent (only notifications); a promise when a handler was async. Never rejects. */
export type Answer = string | undefined | Promise<string | undefined>

/** Turns request text into response text; transport-agnostic. */
export type Dispatcher = {
  handle(text: string, source: CallSource): Answer
}

/**
 * Parses a JSON-RPC 2.0 payload (single or batch), runs each call through the
 * method table and serializes the answers. Each response is stringified on its
 * own so one unserializable result fails only its call.
 */
export function createDispatcher<C>(options: DispatcherOptions<C>): Dispatcher {
  const { methods, context, maxBatch, onCall, gate, onInternalError, snapshot } = options

  function errorText(id: string | number | null, error: unknown): string {
    const object = toJsonRpcError(error, onInternalError)
    return JSON.stringify({ jsonrpc: '2.0', id, error: object })
  }

  /** Serializes a call's outcome; `undefined` for a notification. */
  function settle(
    request: JsonRpcRequest,
    known: boolean,
    outcome: { result: unknown } | { error: unknown },
  ) {
    const id = request.id ?? null
    if ('error' in outcome) {
      const object = toJsonRpcError(outcome.error, onInternalError)
      onCall?.(known ? request.method : undefined, object)
      if (request.id === undefined) return undefined
      return JSON.stringify({ jsonrpc: '2.0', id, error: object })
    }
    onCall?.(request.method, undefined)
    if (request.id === undefined) return undefined
    try {
      if (outcome.result instanceof EncodedResult)
        return `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${outcome.result.json}}`
      return JSON.stringify({ jsonrpc: '2.0', id, result: outcome.result ?? null })
    } catch (error) {
      // A result that cannot be serialized (a bigint left in by a handler) is our bug, not the client's.
      return errorText(id, error)
    }
  }

  /**
   * Runs one validated request. A handler that returns a plain value is
   * answered synchronously, so the transport can write the reply inside the
   * uWS callback (already corked) instead of a later tick.
   */
  function call(request: JsonRpcRequest, source: CallSource, held: boolean): Answer {
    // hasOwn: a method named "toString" or "__proto__" must not reach Object.prototype.
    const known = Object.hasOwn(methods, request.method)
    const client = source.client
    // Before the name is checked: unknown names cost as much as any call.
    if (gate !== undefined && client !== undefined) {
      const refused = gate.admit(request.method, request.params, client)
      if (refused !== undefined) return settle(request, known, { error: refused })
    }
    let result: unknown
    try {
      if (!known) throw new MethodNotFoundError(request.method)
      const method = methods[request.method]
      const params = parseParams(method.params, request.params)
      const ctx: RequestContext<C> = {
        context,
        transport: source.transport,
        subscriptions: source.subscriptions,
        receivedAt: source.receivedAt ?? wallClockMs(),
        heldSnapshot: held,
        afterReply: (callback) => {
          source.written ??= []
          source.written.push(callback)
        },
      }
      result = method.handler(params, ctx)
    } catch (error) {
      return settle(request, known, { error })
    }
    if (!isThenable(result)) return settle(request, known, { result })
    if (client !== undefined) client.inFlight++
    return Promise.resolve(result).then(
      (value) => {
        if (client !== undefined) client.inFlight--
        return settle(request, known, { result: value })
      },
      (error: unknown) => {
        if (client !== undefined) client.inFlight--
        return settle(request, known, { error })
      },
    )
  }

  function entry(value: unknown, source: CallSource, held = false): Answer {
    const checked = validateRequest(value)
    if (!checked.ok) {
      onCall?.(undefined, toJsonRpcError(checked.error))
      return errorText(checked.id, checked.error)
    }
    return call(checked.request, source, held)
  }

  /**
   * The hold a batch runs under, or `undefined` when none is configured, an entry waits for
   * the chain, or no entry reads it.
   */
  function holdFor(batch: readonly unknown[]): ReturnType<SnapshotHold['hold']> | undefined {
    if (snapshot === undefined) return undefined
    let readsChain = false
    for (const value of batch) {
      const name = (value as { method?: unknown } | null)?.method
      if (typeof name !== 'string') continue
      if (snapshot.waitsForChain(name)) return undefined
      if (!snapshot.readsNoChain(name)) readsChain = true
    }
    return readsChain ? snapshot.hold() : undefined
  }

  /** What a single request waits for before it runs: the chain's first load, if it reads the chain. */
  function startupWait(value: unknown): Promise<void> | undefined {
    const starting = snapshot?.starting()
    if (starting === undefined) return undefined
    const name = (value as { method?: unknown } | null)?.method
    if (typeof name !== 'string' || snapshot!.waitsForChain(name) || snapshot!.readsNoChain(name))
      return undefined
    return starting
  }

  /** Starts every entry of a batch under one hold, released when the last one settles. */
  function runBatch(batch: readonly unknown[], source: CallSource): Answer {
    const taken = holdFor(batch)
    if (taken instanceof Promise) return taken.then((release) => runEntries(batch, source, release))
    return runEntries(batch, source, taken)
  }

  function runEntries(
    batch: readonly unknown[],
    source: CallSource,
    release: (() => void) | undefined,
  ): Answer {
    let answers: Answer[]
    try {
      answers = batch.map((value) => entry(value, source, release !== undefined))
    } catch (error) {
      release?.()
      throw error
    }
    if (!answers.some(isThenable)) {
      release?.()
      return joinBatch(answers as (string | undefined)[])
    }
    // Answers never reject, so `finally` runs once every entry has settled.
    const joined = Promise.all(answers).then(joinBatch)
    return release ? joined.finally(release) : joined
  }

  /** Rejects the whole payload with one error (id null), counted once. */
  function reject(error: unknown): string {
    onCall?.(undefined, toJsonRpcError(error))
    return errorText(null, error)
  }

  function handle(text: string, source: CallSource): Answer {
    let payload: unknown
    try {
      payload = JSON.parse(text)
    } catch (cause) {
      return reject(new ParseError({ cause }))
    }
    try {
      if (!Array.isArray(payload)) {
        const wait = startupWait(payload)
        return wait ? wait.then(() => entry(payload, source)) : entry(payload, source)
      }
      if (payload.length === 0) return reject(new InvalidRequestError('empty batch'))
      if (payload.length > maxBatch)
        return reject(new LimitExceededError('batch length', payload.length, maxBatch))
      return runBatch(payload, source)
    } catch (error) {
      // Only a bug gets here (handlers' errors are caught per call); still answer.
      return errorText(null, error)
    }
  }

  return { handle }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

/** JSON-RPC 2.0: a batch of only notifications gets no response at all, not `[]`. */
function joinBatch(answers: (string | undefined)[]): string | undefined {
  const sent = answers.filter((answer): answer is string => answer !== undefined)
  return sent.length === 0 ? undefined : `[${sent.join(',')}]`
}
