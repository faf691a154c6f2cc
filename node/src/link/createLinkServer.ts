import uWS from 'uWebSockets.js'
import {
  DecodeError,
  decodeLinkRequest,
  ErrorCode,
  encodeLinkResponse,
  type LinkRequest,
  type LinkResponse,
  type LinkRole,
  linkRolesFromBits,
  type RtevmError,
  type TxInclusion,
} from '@rtevm/protocol'
import { closeReason } from '@rtevm/protocol/websocket'
import { answerAuthentication } from './answerAuthentication.ts'
import { checkLinkConfig } from './checkLinkConfig.ts'
import { LinkCloseCode } from './closeCodes.ts'
import { type Connection, type LinkSocket, newConnection } from './connection.ts'
import { createFollowerFeed } from './createFollowerFeed.ts'
import { createLinkApp } from './createLinkApp.ts'
import { LinkForbiddenError, LinkListenError, toRtevmError } from './errors.ts'
import type { LinkServer, LinkServerOptions } from './LinkServer.ts'
import { createLinkAccess, holdsRole, REQUIRED_ROLE } from './linkAccess.ts'
import { listenExclusive } from './listenExclusive.ts'

export type { LinkBackend, LinkServer, LinkServerOptions } from './LinkServer.ts'

// uWS skips (drops) a frame for a socket over its own `maxBackpressure`, which
// would be a silent gap. Our per-event check closes a follower at
// `maxBackpressureBytes`, so uWS's limit sits well above it and
// `closeOnBackpressureLimit` turns any drop that still happens into a close.
const UWS_BACKPRESSURE_HEADROOM = 64 * 1024 * 1024
const UWS_MAX_BACKPRESSURE = 2 ** 31 - 1

/**
 * The sequencer's binary WebSocket link (uWebSockets.js): followers subscribe
 * from a cursor and receive history then live events; clients submit signed
 * transactions and get receipts. Each frame is one encoded `LinkRequest` /
 * `LinkResponse`.
 *
 * Access: each request needs a role (`REQUIRED_ROLE`); a connection holds
 * every role on an open link (no `config.peers`, loopback only), else the
 * roles of the peer it authenticated as. A request without its role is
 * answered with FORBIDDEN and changes nothing; the connection stays open.
 * Authentication happens once per connection, so requests pay a bit test only.
 *
 * Restarting on the same port works for a fixed `config.port`. A server
 * started on port 0 cannot be rebound to the port it got while its old
 * connections sit in TIME_WAIT: uSockets sets SO_REUSEADDR only for non-zero ports.
 */
export async function createLinkServer({
  config,
  backend,
  onError,
  cursorAheadWaitMs = 0,
}: LinkServerOptions): Promise<LinkServer> {
  const host = config.host || '127.0.0.1'
  // Before anything binds: an open link beyond loopback, or unreadable TLS files, refuse to start.
  checkLinkConfig({ ...config, host })
  const access = createLinkAccess(config.peers)
  const app = createLinkApp(config.tls)
  const sockets = new Set<LinkSocket>()
  let nextConnectionId = 1
  let closing = false

  /** Sends a final `error` frame and closes. Only called while `ws` is open. */
  function fail(ws: LinkSocket, error: RtevmError, code: LinkCloseCode): void {
    const frame = encodeLinkResponse({ kind: 'error', code: error.code, message: error.message })
    ws.cork(() => {
      ws.send(frame, true)
      ws.end(code, closeReason(`${error.code}: ${error.shortMessage}`))
    })
  }

  const feed = createFollowerFeed({
    app,
    events: backend.events,
    maxBackpressureBytes: config.maxBackpressureBytes,
    cursorAheadWaitMs,
    onError,
    rejectCursor: (ws, error) => fail(ws, error, LinkCloseCode.CursorRejected),
    dropSlow(ws, buffered) {
      // The reason is queued behind the backlog: the client reads it only if it resumes reading.
      const reason = `slow consumer: ${buffered} bytes buffered, limit ${config.maxBackpressureBytes}`
      ws.end(LinkCloseCode.SlowConsumer, closeReason(reason))
    },
  })

  /** Answers a submission; never throws, since it runs in a promise callback. */
  function reply(ws: LinkSocket, connection: Connection, response: LinkResponse): void {
    if (connection.closed) return
    try {
      const frame = encodeReply(response)
      ws.cork(() => ws.send(frame, true))
    } catch (error) {
      // An answer we cannot send would leave the client waiting forever; closing fails its pending submits.
      onError?.(toRtevmError(error))
      if (!connection.closed) ws.end(LinkCloseCode.Internal, 'link server failed to send a reply')
    }
  }

  /** Runs one request that carries an `id` and answers it: bounded per connection, failures as `txRejected`. */
  function answer<T>(
    ws: LinkSocket,
    connection: Connection,
    id: number,
    run: () => Promise<T>,
    toResponse: (value: T) => LinkResponse,
  ): void {
    if (connection.inflight >= config.maxInflightPerConnection) {
      const message = `connection has ${connection.inflight} requests in flight, limit ${config.maxInflightPerConnection}`
      reply(ws, connection, { kind: 'txRejected', id, code: ErrorCode.MempoolFull, message })
      return
    }
    connection.inflight++
    let pending: Promise<T>
    try {
      pending = run()
    } catch (error) {
      pending = Promise.reject(error)
    }
    pending.then(
      (value) => {
        connection.inflight--
        reply(ws, connection, toResponse(value))
      },
      (error: unknown) => {
        connection.inflight--
        reply(ws, connection, rejected(id, error))
      },
    )
  }

  /** Refuses a request the connection holds no role for; nothing runs, the connection stays open. */
  function forbid(ws: LinkSocket, connection: Connection, request: LinkRequest, role: LinkRole): void {
    const held = linkRolesFromBits(connection.roles)
    const error = new LinkForbiddenError(role, request.kind, held, connection.peer)
    const { code, message } = error
    if ('id' in request) reply(ws, connection, { kind: 'txRejected', id: request.id, code, message })
    else ws.cork(() => ws.send(encodeLinkResponse({ kind: 'error', code, message }), true))
  }

  function onMessage(ws: LinkSocket, connection: Connection, message: ArrayBuffer, isBinary: boolean): void {
    if (!isBinary) {
      const error = new DecodeError('link request', {
        details: 'text frames are not accepted; send binary frames',
      })
      fail(ws, error, LinkCloseCode.BadFrame)
      return
    }
    let request: ReturnType<typeof decodeLinkRequest>
    try {
      // No copy needed: the decoder copies byte fields out, and uWS neuters `message` on return.
      request = decodeLinkRequest(new Uint8Array(message))
    } catch (error) {
      fail(ws, toRtevmError(error), LinkCloseCode.BadFrame)
      return
    }
    const role = REQUIRED_ROLE[request.kind]
    if (role !== undefined && !holdsRole(connection.roles, role)) {
      forbid(ws, connection, request, role)
      return
    }
    const { id } = request as { id: number }
    const included = (inclusion: TxInclusion): LinkResponse => ({ kind: 'txReceipt', id, inclusion })
    switch (request.kind) {
      case 'authChallenge':
      case 'authenticate':
        answerAuthentication(ws, connection, request, access, fail)
        return
      case 'subscribe':
        feed.start(ws, request.fromSeq, request.compact === true, request.batchMs ?? 0)
        return
      case 'submitTx':
        answer(ws, connection, id, () => backend.submit(request.raw), included)
        return
      case 'submitAs':
        answer(ws, connection, id, () => backend.submitAs(request.from, request.raw), included)
        return
      case 'dev':
        answer(
          ws,
          connection,
          id,
          () => backend.dev(request.command),
          (result) => ({ kind: 'devResult', id, result }),
        )
        return
      case 'attest':
        answer(
          ws,
          connection,
          id,
          () => backend.attest(request.attestation),
          (result) => ({ kind: 'devResult', id, result }),
        )
        return
      case 'getWitness':
        answer(
          ws,
          connection,
          id,
          () => backend.witness(request.blockNumber),
          (witness) => ({ kind: 'witness', id, witness }),
        )
        return
      case 'getGenesis':
        answer(
          ws,
          connection,
          id,
          () => backend.encodedGenesis(),
          (genesis) => ({ kind: 'genesis', id, genesis }),
        )
        return
    }
  }

  app.ws<Connection>('/*', {
    compression: uWS.DISABLED,
    maxPayloadLength: config.maxPayloadBytes,
    maxBackpressure: Math.min(
      UWS_MAX_BACKPRESSURE,
      config.maxBackpressureBytes * 2 + UWS_BACKPRESSURE_HEADROOM,
    ),
    closeOnBackpressureLimit: 1,
    idleTimeout: 60,
    sendPingsAutomatically: true,
    upgrade(res, req, context) {
      if (closing || sockets.size >= config.maxConnections) {
        res
          .writeStatus('503 Service Unavailable')
          .end(`link server full (${config.maxConnections} connections)`, true)
        return
      }
      res.upgrade(
        newConnection(nextConnectionId++, access.initialRoles),
        req.getHeader('sec-websocket-key'),
        req.getHeader('sec-websocket-protocol'),
        req.getHeader('sec-websocket-extensions'),
        context,
      )
    },
    open(ws) {
      sockets.add(ws)
    },
    message(ws, message, isBinary) {
      // Nothing a client sends may take the server down.
      const connection = ws.getUserData()
      try {
        onMessage(ws, connection, message, isBinary)
      } catch (error) {
        if (!connection.closed) fail(ws, toRtevmError(error), LinkCloseCode.Internal)
      }
    },
    drain(ws) {
      feed.onDrain(ws)
    },
    close(ws) {
      ws.getUserData().closed = true
      sockets.delete(ws)
      feed.onClose(ws)
    },
  })

  const listenSocket = await listenExclusive(app, host, config.port)
  if (!listenSocket) {
    feed.close()
    throw new LinkListenError(host, config.port)
  }
  const port = uWS.us_socket_local_port(listenSocket as uWS.us_socket)
  const urlHost = host.includes(':') ? `[${host}]` : host

  return {
    port,
    url: `${config.tls ? 'wss' : 'ws'}://${urlHost}:${port}`,
    connections: () => sockets.size,
    async close() {
      if (closing) return
      closing = true
      feed.close()
      uWS.us_listen_socket_close(listenSocket)
      // end() runs the close handler at once, which edits `sockets`.
      for (const ws of [...sockets]) ws.end(LinkCloseCode.GoingAway, 'link server shutting down')
    },
  }
}

function encodeReply(response: LinkResponse): Uint8Array {
  try {
    return encodeLinkResponse(response)
  } catch (error) {
    // An inclusion the codec refuses is our bug; the client still gets an answer for its id.
    if (response.kind !== 'txReceipt') throw error
    return encodeLinkResponse(rejected(response.id, error))
  }
}

/** An RtevmError keeps its code; anything else is reported as INTERNAL. */
function rejected(id: number, error: unknown): LinkResponse {
  const typed = toRtevmError(error)
  return { kind: 'txRejected', id, code: typed.code, message: typed.message }
}
