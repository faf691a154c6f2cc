import {
  type CompactStreamDecoder,
  createCompactStreamDecoder,
  DecodeError,
  type DevResult,
  decodeGenesis,
  decodeLinkResponse,
  ErrorCode,
  encodeLinkRequest,
  type LinkRequest,
  type LinkResponse,
  linkAuthMessage,
  RtevmError,
  type StreamEvent,
  type TxInclusion,
} from '@rtevm/protocol'
import WebSocket from 'ws'
import { FATAL, peekCompactSeq, RETRYABLE, toBytes } from './clientFrames.ts'
import { LinkClosedError, LinkSequenceError, toRtevmError } from './errors.ts'
import type { LinkClient, LinkClientOptions } from './LinkClient.ts'
import { reconnectDelay } from './reconnectDelay.ts'

type PendingSubmit = {
  resolve(value: TxInclusion | DevResult | Uint8Array): void
  reject(error: RtevmError): void
  /** Kept until sent: submissions made while disconnected go out on the next connection. */
  frame: Uint8Array | undefined
}

/** `open`: the socket is; `ready`: authenticated too (when the client has a key), so requests may go. */
type Link = { ws: WebSocket; open: boolean; ready: boolean; dead: boolean; error?: Error }

/**
 * Client of the sequencer's link (edges, full nodes, tools), over the `ws`
 * package. As a follower it checks that seqs are contiguous and, after any
 * drop, resumes from `lastSeq + 1`, so `onEvent` sees every event once, in order.
 * With a `key` it authenticates each connection before sending anything else.
 */
export function createLinkClient(options: LinkClientOptions): LinkClient {
  const following = options.fromSeq !== undefined || options.onEvent !== undefined
  const maxPending = options.maxPendingSubmits ?? 4096
  const pending = new Map<number, PendingSubmit>()
  const readyWaiters: Array<{ resolve(): void; reject(error: RtevmError): void }> = []
  const closeWaiters: Array<() => void> = []
  let lastSeq = (options.fromSeq ?? 1n) - 1n
  let nextId = 1
  let link: Link | undefined
  let attempt = 0
  let timer: NodeJS.Timeout | undefined
  let closedWith: RtevmError | undefined
  // Decodes compact frames in stream order; dropped for good (back to v1 frames) if one fails to decode.
  let compact: CompactStreamDecoder | undefined =
    options.compact && lastSeq === 0n ? createCompactStreamDecoder(options.compact) : undefined

  function report(error: RtevmError): void {
    try {
      options.onError?.(error)
    } catch {
      // A throwing error handler must not break the connection logic.
    }
  }

  function connect(): void {
    timer = undefined
    const ws = new WebSocket(options.url, { perMessageDeflate: false, ca: options.ca })
    const current: Link = { ws, open: false, ready: false, dead: false }
    link = current
    ws.on('open', () => onOpen(current))
    ws.on('message', (data, isBinary) => onMessage(current, data, isBinary))
    ws.on('error', (error) => {
      current.error = error // reported once, by 'close', which always follows
    })
    ws.on('close', (code, reason) => onClose(current, code, reason.toString()))
  }

  function onOpen(current: Link): void {
    if (current.dead) return
    current.open = true
    if (options.key) current.ws.send(encodeLinkRequest({ kind: 'authChallenge' }))
    else start(current)
  }

  /** The connection may carry requests: subscribe, send what waited, wake `ready()`. */
  function start(current: Link): void {
    current.ready = true
    attempt = 0
    if (following) {
      const subscribe = {
        kind: 'subscribe' as const,
        fromSeq: lastSeq + 1n,
        compact: compact !== undefined,
        batchMs: options.batchMs || undefined,
      }
      current.ws.send(encodeLinkRequest(subscribe))
    }
    for (const submit of pending.values()) {
      if (!submit.frame) continue
      current.ws.send(submit.frame)
      submit.frame = undefined
    }
    for (const waiter of readyWaiters.splice(0)) waiter.resolve()
  }

  /** Drops a connection that broke the protocol; 'close' then reconnects. */
  function abandon(current: Link, error: RtevmError): void {
    report(error)
    current.dead = true
    current.ws.terminate()
  }

  function onMessage(current: Link, data: WebSocket.RawData, isBinary: boolean): void {
    if (current.dead) return
    if (!isBinary) {
      abandon(current, new DecodeError('link response', { details: 'text frame' }))
      return
    }
    let response: LinkResponse
    try {
      response = decodeLinkResponse(toBytes(data))
    } catch (error) {
      abandon(current, toRtevmError(error))
      return
    }
    if (response.kind === 'event') onStreamEvent(current, response.event)
    else if (response.kind === 'compactEvent') onCompactEvent(current, response.event)
    else if (response.kind === 'txReceipt') settle(response.id)?.resolve(response.inclusion)
    else if (response.kind === 'devResult') settle(response.id)?.resolve(response.result)
    else if (response.kind === 'witness') settle(response.id)?.resolve(response.witness)
    else if (response.kind === 'genesis') settle(response.id)?.resolve(response.genesis)
    else if (response.kind === 'challenge') onChallenge(current, response.challenge)
    else if (response.kind === 'authenticated') onAuthenticated(current)
    else {
      const retryable = RETRYABLE.has(response.code)
      const error = new RtevmError(response.code, response.message, { retryable })
      if (response.kind === 'txRejected') settle(response.id)?.reject(error)
      else if (FATAL.has(response.code)) shutdown(error)
      // Other connection errors: the server closes next, and 'close' reconnects.
      else report(error)
    }
  }

  function onChallenge(current: Link, challenge: Uint8Array): void {
    if (!options.key || current.ready) {
      abandon(current, new DecodeError('link response', { details: 'a challenge nobody asked for' }))
      return
    }
    const { publicKey } = options.key
    const signature = options.key.sign(linkAuthMessage(challenge))
    current.ws.send(encodeLinkRequest({ kind: 'authenticate', publicKey, signature }))
  }

  function onAuthenticated(current: Link): void {
    if (!options.key || current.ready) {
      abandon(current, new DecodeError('link response', { details: 'an authentication nobody asked for' }))
      return
    }
    start(current)
  }

  function onCompactEvent(current: Link, bytes: Uint8Array): void {
    // The seq is checked before decoding: a decoder must never move past an event the client refuses.
    const expected = lastSeq + 1n
    const seq = peekCompactSeq(bytes)
    if (!following || !compact || seq !== expected) {
      abandon(current, new LinkSequenceError(expected, seq ?? -1n))
      return
    }
    let event: StreamEvent
    try {
      event = compact.decode(bytes)
    } catch (error) {
      compact = undefined
      abandon(current, toRtevmError(error))
      return
    }
    deliver(event)
  }

  function onStreamEvent(current: Link, event: StreamEvent): void {
    const expected = lastSeq + 1n
    if (!following || event.seq !== expected) {
      abandon(current, new LinkSequenceError(expected, event.seq))
      return
    }
    compact?.advance(event)
    deliver(event)
  }

  function deliver(event: StreamEvent): void {
    lastSeq = event.seq
    try {
      options.onEvent?.(event)
    } catch (error) {
      report(toRtevmError(error))
    }
  }

  function settle(id: number): PendingSubmit | undefined {
    const submit = pending.get(id)
    pending.delete(id)
    return submit
  }

  function onClose(current: Link, code: number, reason: string): void {
    current.dead = true
    if (link !== current) return
    link = undefined
    const why = current.error?.message ?? `code ${code}${reason ? `, ${reason}` : ''}`
    const error = new LinkClosedError(why, { cause: current.error })
    // Sent submissions have no answer coming; queued ones wait for the next connection.
    for (const [id, submit] of pending) {
      if (submit.frame) continue
      pending.delete(id)
      submit.reject(error)
    }
    if (closedWith) {
      for (const resolve of closeWaiters.splice(0)) resolve()
      return
    }
    report(error)
    if (options.reconnect === false) shutdown(error)
    else timer = setTimeout(connect, reconnectDelay(options.reconnect, attempt++))
  }

  /** Closes for good: everything pending fails with `error`. */
  function shutdown(error: RtevmError): void {
    if (closedWith) return
    closedWith = error
    if (error.code !== ErrorCode.LinkClosed) report(error)
    clearTimeout(timer)
    for (const submit of pending.values()) submit.reject(error)
    pending.clear()
    for (const waiter of readyWaiters.splice(0)) waiter.reject(error)
    const current = link
    if (!current) return
    current.dead = true
    if (current.open) {
      current.ws.close(1000, 'client closing')
      // Do not wait forever for a peer that stopped answering.
      setTimeout(() => current.ws.terminate(), 1000).unref()
    } else current.ws.terminate()
  }

  connect()

  /** Sends a request that carries an `id`; the answer with that id settles the promise. */
  function request<T extends TxInclusion | DevResult | Uint8Array>(
    build: (id: number) => LinkRequest,
  ): Promise<T> {
    if (closedWith) return Promise.reject(closedWith)
    if (pending.size >= maxPending) {
      const message = `link client has ${pending.size} submissions pending, limit ${maxPending}`
      return Promise.reject(new RtevmError(ErrorCode.MempoolFull, message, { retryable: true }))
    }
    const id = nextId++
    let frame: Uint8Array
    try {
      frame = encodeLinkRequest(build(id))
    } catch (error) {
      return Promise.reject(toRtevmError(error))
    }
    return new Promise<T>((resolve, reject) => {
      const submit: PendingSubmit = { resolve: resolve as PendingSubmit['resolve'], reject, frame }
      pending.set(id, submit)
      if (link?.ready && !link.dead) {
        link.ws.send(frame)
        submit.frame = undefined
      }
    })
  }

  return {
    submit: (raw) => request<TxInclusion>((id) => ({ kind: 'submitTx', id, raw })),
    submitAs: (from, raw) => request<TxInclusion>((id) => ({ kind: 'submitAs', id, from, raw })),
    dev: (command) => request<DevResult>((id) => ({ kind: 'dev', id, command })),
    witness: (blockNumber) => request<Uint8Array>((id) => ({ kind: 'getWitness', id, blockNumber })),
    attest: (attestation) => request<DevResult>((id) => ({ kind: 'attest', id, attestation })),
    genesis: () => request<Uint8Array>((id) => ({ kind: 'getGenesis', id })).then(decodeGenesis),
    ready() {
      if (closedWith) return Promise.reject(closedWith)
      if (link?.ready && !link.dead) return Promise.resolve()
      return new Promise((resolve, reject) => readyWaiters.push({ resolve, reject }))
    },
    lastSeq: () => lastSeq,
    close() {
      const waitForClose = link
        ? new Promise<void>((resolve) => closeWaiters.push(resolve))
        : Promise.resolve()
      shutdown(new LinkClosedError('the client was closed', { retryable: false }))
      return waitForClose
    },
  }
}
