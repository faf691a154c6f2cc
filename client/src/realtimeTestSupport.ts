import { createServer, type Socket, connect as tcpConnect } from 'node:net'
import { createLinkServer, createSequencer, defineConfig } from '@rtevm/node'
import { createEdge, type Edge } from '@rtevm/rpc-edge'
import { createSenders, type Senders } from '@rtevm/testkit'
import { createPublicClient, type PublicClient, toHex } from 'viem'
import WebSocket from 'ws'
import { defineRtevmChain } from './chain/defineRtevmChain.ts'
import type { WebSocketConstructor } from './socket/createRealtimeSocket.ts'
import { type RealtimeTransport, type RealtimeTransportOptions, realtime } from './transport/realtime.ts'

/** `ws` as the socket class: Node 20 has no global WebSocket. */
export const NodeWebSocket = WebSocket as unknown as WebSocketConstructor

export const FEES = { maxFeePerGas: 10_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n }

/** A real sequencer, its link and an edge (100 ms blocks, 50 ms heartbeats), funding `senders`. */
export type TestChain = { edge: Edge; senders: Senders; close(): Promise<void> }

export async function startTestChain(senderCount: number): Promise<TestChain> {
  const senders = createSenders(senderCount)
  const config = defineConfig({
    blockIntervalMs: 100,
    recoveryWorkers: 1,
    link: { port: 0 },
    alloc: senders.alloc,
  })
  const sequencer = await createSequencer(config)
  const link = await createLinkServer({ config: config.link, backend: sequencer })
  const edge = await createEdge({
    rpc: { port: 0 },
    sequencerUrl: link.url,
    edge: { heartbeatIntervalMs: 50 },
  })
  const close = async () => {
    await edge.close()
    await link.close()
    await sequencer.close()
  }
  await edge.whenReady().catch(async (error: unknown) => {
    await close()
    throw error
  })
  return { edge, senders, close }
}

/** A viem client on the `realtime` transport to `url`, for the rtevm test chain. */
export function realtimeClient(
  url: string,
  options: Omit<RealtimeTransportOptions, 'WebSocket'> = {},
): PublicClient<RealtimeTransport> {
  return createPublicClient({
    chain: defineRtevmChain({ rpcUrl: url }),
    transport: realtime(url, { WebSocket: NodeWebSocket, reconnectDelayMs: 20, ...options }),
  })
}

/**
 * A TCP relay in front of the edge whose connections the test cuts, as a network failure would
 * (the edge sees its socket drop; the client sees a close). `mute` silences the open connections
 * from the edge's side without closing them, as a stalled peer would; new connections are not muted.
 */
export type CuttableProxy = {
  url: string
  cut(): void
  mute(): void
  close(): Promise<void>
}

export async function startCuttableProxy(target: string): Promise<CuttableProxy> {
  const { hostname, port } = new URL(target)
  const pairs = new Set<[Socket, Socket]>()
  const muted = new WeakSet<Socket>()
  const server = createServer((client) => {
    const upstream = tcpConnect(Number(port), hostname)
    const pair: [Socket, Socket] = [client, upstream]
    pairs.add(pair)
    client.on('data', (chunk) => upstream.write(chunk))
    upstream.on('data', (chunk) => {
      if (!muted.has(client)) client.write(chunk)
    })
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  const cut = () => {
    for (const [client, upstream] of pairs) {
      client.destroy()
      upstream.destroy()
    }
    pairs.clear()
  }
  return {
    url: `ws://127.0.0.1:${address.port}`,
    cut,
    mute: () => {
      for (const [client] of pairs) muted.add(client)
    },
    close: () => {
      cut()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

/** Signs `count` transfers from each sender (nonces from `firstNonce`), to the next sender. */
export function signTransfers(senders: Senders, count: number, firstNonce = 0n): `0x${string}`[][] {
  return senders.signers.map((signer, s) =>
    Array.from({ length: count }, (_, i) => {
      const to = senders.signers[(s + 1) % senders.signers.length].address
      return toHex(signer.sign({ nonce: firstNonce + BigInt(i), to, value: 1n, gasLimit: 21_000n, ...FEES }))
    }),
  )
}

/** Resolves once `check()` holds, checked every few milliseconds (the waits are on events, not time). */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5))
}
