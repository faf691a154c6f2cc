import { randomBytes } from 'node:crypto'
import { encodeLinkResponse, type LinkRequest, linkRolesFromBits, type RtevmError } from '@rtevm/protocol'
import { LinkCloseCode } from './closeCodes.ts'
import type { Connection, LinkSocket } from './connection.ts'
import { LinkUnauthorizedError, toRtevmError } from './errors.ts'
import type { LinkAccess } from './linkAccess.ts'

const CHALLENGE_BYTES = 32

export type AuthRequest = Extract<LinkRequest, { kind: 'authChallenge' | 'authenticate' }>

/**
 * Answers the two authentication requests of a connection: `authChallenge`
 * with fresh random bytes, `authenticate` (which consumes them) with the
 * peer's roles. A connection authenticates once; any failure is reported by
 * `fail`, which closes it (the same key would fail again). Runs synchronously
 * inside the uWS message handler, so the socket is open.
 */
export function answerAuthentication(
  ws: LinkSocket,
  connection: Connection,
  request: AuthRequest,
  access: LinkAccess,
  fail: (ws: LinkSocket, error: RtevmError, code: LinkCloseCode) => void,
): void {
  if (connection.peer !== undefined) {
    fail(
      ws,
      new LinkUnauthorizedError('this connection is already authenticated'),
      LinkCloseCode.Unauthorized,
    )
    return
  }
  if (request.kind === 'authChallenge') {
    const challenge = new Uint8Array(randomBytes(CHALLENGE_BYTES))
    connection.challenge = challenge
    ws.cork(() => ws.send(encodeLinkResponse({ kind: 'challenge', challenge }), true))
    return
  }
  const challenge = connection.challenge
  connection.challenge = undefined
  if (!challenge) {
    fail(
      ws,
      new LinkUnauthorizedError('no challenge to answer: send authChallenge first'),
      LinkCloseCode.Unauthorized,
    )
    return
  }
  let granted: { peer: string; roles: number }
  try {
    granted = access.authenticate(request.publicKey, request.signature, challenge)
  } catch (error) {
    fail(ws, toRtevmError(error), LinkCloseCode.Unauthorized)
    return
  }
  connection.peer = granted.peer
  connection.roles = granted.roles
  const response = {
    kind: 'authenticated' as const,
    peer: granted.peer,
    roles: linkRolesFromBits(granted.roles),
  }
  ws.cork(() => ws.send(encodeLinkResponse(response), true))
}
