import type { Client } from 'viem'
import { TransportRequiredError } from '../errors.ts'
import type { RealtimeSocket } from '../socket/createRealtimeSocket.ts'

/** The realtime socket under `client` (its transport is `realtime`), for the actions that subscribe. */
export function socketOf(client: Client, action: string): RealtimeSocket {
  const socket = (client.transport as { socket?: Partial<RealtimeSocket> }).socket
  if (socket && typeof socket.subscribe === 'function') return socket as RealtimeSocket
  throw new TransportRequiredError(action, `the ${client.transport.type} transport`)
}
