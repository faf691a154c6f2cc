import type { Socket } from 'node:net'
import { ErrorCode, encodeLinkRequest, type RtevmError, type StreamEvent } from '@rtevm/protocol'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineConfig } from '../config/index.ts'
import { createEventLog } from '../stream/index.ts'
import { LinkCloseCode } from './closeCodes.ts'
import { createLinkClient } from './createLinkClient.ts'
import { createLinkServer, type LinkServer } from './createLinkServer.ts'
import { LinkListenError } from './errors.ts'
import type { LinkClient } from './LinkClient.ts'
import {
  expectSameAsLog,
  notExercised,
  openRawPeer,
  type RawPeer,
  startTestChain,
  type TestChain,
  WAIT,
} from './linkTestSupport.ts'

let chain: TestChain | undefined
let server: LinkServer | undefined
const clients: LinkClient[] = []
const peers: RawPeer[] = []

afterEach(async () => {
  for (const peer of peers.splice(0)) peer.ws.terminate()
  await Promise.all(clients.splice(0).map((client) => client.close()))
  await server?.close()
  await chain?.sequencer.close()
  server = undefined
  chain = undefined
})

async function start(input: Parameters<typeof startTestChain>[0] = {}): Promise<[TestChain, LinkServer]> {
  chain = await startTestChain(input)
  server = await createLinkServer({ config: chain.sequencer.config.link, backend: chain.sequencer })
  return [chain, server]
}

function follow(
  url: string,
  fromSeq: bigint,
  errors: RtevmError[] = [],
  batchMs?: number,
): [LinkClient, StreamEvent[]] {
  const received: StreamEvent[] = []
  const client = createLinkClient({
    url,
    fromSeq,
    batchMs,
    onEvent: (event) => received.push(event),
    onError: (error) => errors.push(error),
  })
  clients.push(client)
  return [client, received]
}

async function caughtUp(client: LinkClient, chain: TestChain): Promise<void> {
  await vi.waitFor(() => expect(client.lastSeq()).toBe(chain.sequencer.events.head()), WAIT)
}

/** A mini-block event carrying one 64 KiB transaction; the codec does not look inside `raw`. */
function bigMiniBlockEvent(seq: bigint): StreamEvent {
  return {
    kind: 'miniBlock',
    seq,
    miniBlock: {
      number: seq,
      blockNumber: 1n,
      indexInBlock: Number(seq),
      firstTxIndex: Number(seq),
      timestampUs: 1_700_000_000_000_000n + seq,
      gasUsed: 21_000n,
      transactions: [
        { raw: new Uint8Array(64 * 1024).fill(7), hash: new Uint8Array(32), from: new Uint8Array(20) },
      ],
      receipts: [
        { status: 1, gasUsed: 21_000n, cumulativeGasUsed: 21_000n, effectiveGasPrice: 1n, logs: [] },
      ],
      stateDiff: { accounts: [] },
    },
  }
}

describe('link server: following', () => {
  it('replays from a cursor mid-stream, then delivers live events, without gap or duplicate', async () => {
    const [chain, server] = await start()
    // More than one replay chunk (256 events) of history before the follower joins.
    await chain.submitSequential(300)
    const [client, received] = follow(server.url, 7n)
    await client.ready()
    await chain.submitSequential(20)
    await caughtUp(client, chain)
    expect(received[0].seq).toBe(7n)
    expectSameAsLog(received, chain.sequencer, 7n)
  })

  it('serves two followers with different cursors at once', async () => {
    const [chain, server] = await start()
    await chain.submitSequential(30)
    const [first, firstReceived] = follow(server.url, 1n)
    const [second, secondReceived] = follow(server.url, 25n)
    await Promise.all([first.ready(), second.ready()])
    await chain.submitSequential(30, 1)
    await caughtUp(first, chain)
    await caughtUp(second, chain)
    expectSameAsLog(firstReceived, chain.sequencer, 1n)
    expectSameAsLog(secondReceived, chain.sequencer, 25n)
  })

  it('sends a batched follower every event, in order, in bursts, beside an unbatched one', async () => {
    const [chain, server] = await start()
    await chain.submitSequential(10)
    const [plain, plainReceived] = follow(server.url, 1n)
    const [batched, batchedReceived] = follow(server.url, 3n, [], 200)
    // The event-loop turn each batched event arrived in: a burst is one turn.
    let turn = 0
    const tick = setInterval(() => turn++, 1)
    const turns: number[] = []
    const arrived = batchedReceived.push.bind(batchedReceived)
    batchedReceived.push = (...events: StreamEvent[]) => {
      for (const _ of events) turns.push(turn)
      return arrived(...events)
    }
    await Promise.all([plain.ready(), batched.ready()])
    await caughtUp(batched, chain)
    const before = turns.length
    // Thirty sequential sends: each mini-block alone reaches the plain follower; the batched one
    // gets them at most every 200 ms, several to a frame.
    await chain.submitSequential(30, 1)
    await caughtUp(plain, chain)
    await caughtUp(batched, chain)
    clearInterval(tick)
    const live = turns.slice(before)
    expect(new Set(live).size).toBeLessThan(live.length)
    expectSameAsLog(plainReceived, chain.sequencer, 1n)
    expectSameAsLog(batchedReceived, chain.sequencer, 3n)
  })

  it('follows from cursor 1 while transactions are flowing', async () => {
    const [chain, server] = await start()
    // Four senders, each with many transactions in flight: mini-blocks are sealed while the follower replays.
    const flows = [0, 1, 2, 3].map(async (from) => {
      const inFlight: Promise<unknown>[] = []
      for (let i = 0; i < 120; i++) {
        inFlight.push(chain.sequencer.submit(chain.transfer(from)))
        if (i % 30 === 29) await Promise.all(inFlight.splice(0))
      }
      await Promise.all(inFlight)
    })
    await new Promise((resolve) => setTimeout(resolve, 5))
    const [client, received] = follow(server.url, 1n)
    await Promise.all(flows)
    await caughtUp(client, chain)
    expect(chain.sequencer.stats().transactions).toBe(480n)
    expectSameAsLog(received, chain.sequencer, 1n)
  })

  it('answers a pruned cursor with an error frame, then closes', async () => {
    const [chain, server] = await start({ historyLimit: 5 })
    await chain.submitSequential(12)
    const peer = await openRawPeer(server.url)
    peers.push(peer)
    peer.ws.send(encodeLinkRequest({ kind: 'subscribe', fromSeq: 2n }))
    const { code } = await peer.closed
    expect(code).toBe(LinkCloseCode.CursorRejected)
    expect(peer.frames).toEqual([
      { kind: 'error', code: ErrorCode.CursorPruned, message: expect.any(String) },
    ])

    // The client treats it as final: reconnecting with the same cursor cannot help.
    const errors: RtevmError[] = []
    const [client] = follow(server.url, 2n, errors)
    await vi.waitFor(() => expect(errors.map((error) => error.code)).toContain(ErrorCode.CursorPruned), WAIT)
    await expect(client.ready()).rejects.toMatchObject({ code: ErrorCode.CursorPruned })
    await expect(client.submit(chain.transfer())).rejects.toMatchObject({ code: ErrorCode.CursorPruned })
  })
})

describe('link server: bad input and limits', () => {
  it('refuses a port another server holds instead of sharing it (uWebSockets.js reuses ports by default)', async () => {
    const [chain, server] = await start()
    const second = createLinkServer({
      config: { ...chain.sequencer.config.link, port: server.port },
      backend: chain.sequencer,
    })
    await expect(second).rejects.toBeInstanceOf(LinkListenError)
  })

  it('answers a malformed binary frame and a text frame with an error frame and keeps serving others', async () => {
    const [chain, server] = await start()
    const [follower, received] = follow(server.url, 1n)
    await follower.ready()

    const binary = await openRawPeer(server.url)
    const text = await openRawPeer(server.url)
    peers.push(binary, text)
    binary.ws.send(new Uint8Array([1, 99, 0, 0]))
    text.ws.send('{"jsonrpc":"2.0"}')
    for (const peer of [binary, text]) {
      expect((await peer.closed).code).toBe(LinkCloseCode.BadFrame)
      expect(peer.frames).toEqual([
        { kind: 'error', code: ErrorCode.MalformedInput, message: expect.any(String) },
      ])
    }

    const inclusion = await follower.submit(chain.transfer())
    expect(inclusion.receipt.status).toBe(1)
    await caughtUp(follower, chain)
    expectSameAsLog(received, chain.sequencer, 1n)
  })

  it('closes a connection that sends a frame over maxPayloadBytes', async () => {
    const [, server] = await start({ link: { maxPayloadBytes: 1024 } })
    const peer = await openRawPeer(server.url)
    peers.push(peer)
    peer.ws.send(new Uint8Array(4096))
    const { code } = await peer.closed
    expect(code).not.toBe(1000)
    await vi.waitFor(() => expect(server.connections()).toBe(0), WAIT)
  })

  it('refuses connections beyond maxConnections with 503', async () => {
    const [, server] = await start({ link: { maxConnections: 1 } })
    peers.push(await openRawPeer(server.url))
    await expect(openRawPeer(server.url)).rejects.toThrow(/503/)
    expect(server.connections()).toBe(1)
  })

  it('rejects submissions beyond maxInflightPerConnection with a retryable code', async () => {
    const [chain, server] = await start({ link: { maxInflightPerConnection: 1 } })
    const peer = await openRawPeer(server.url)
    peers.push(peer)
    // Nonce 1 with nonce 0 never sent: held in the mempool, so submission 1 stays in flight.
    chain.transfer()
    peer.ws.send(encodeLinkRequest({ kind: 'submitTx', id: 1, raw: chain.transfer() }))
    peer.ws.send(encodeLinkRequest({ kind: 'submitTx', id: 2, raw: chain.transfer() }))
    await vi.waitFor(() => expect(peer.frames).toHaveLength(1), WAIT)
    expect(peer.frames[0]).toMatchObject({ kind: 'txRejected', id: 2, code: ErrorCode.MempoolFull })
  })

  it('paces a replay to a reader that stops, without dropping it, and then goes live', async () => {
    // A real EventLog with big synthetic mini-blocks: megabytes of history in milliseconds.
    const log = createEventLog({ events: 10_000, bytes: Number.MAX_SAFE_INTEGER })
    for (let i = 0; i < 200; i++) log.append(bigMiniBlockEvent(log.nextSeq()))
    const limit = 64 * 1024
    server = await createLinkServer({
      config: { ...defineConfig().link, port: 0, maxBackpressureBytes: limit },
      backend: { ...notExercised, submit: () => new Promise(() => {}), events: log },
    })
    const peer = await openRawPeer(server.url)
    peers.push(peer)
    const socket = (peer.ws as unknown as { _socket: Socket })._socket
    socket.pause()
    peer.ws.send(encodeLinkRequest({ kind: 'subscribe', fromSeq: 1n }))
    await new Promise((resolve) => setTimeout(resolve, 100))
    // Appended while the follower is paused mid-replay: delivered by the replay, not by fan-out.
    for (let i = 0; i < 5; i++) log.append(bigMiniBlockEvent(log.nextSeq()))
    expect(server.connections()).toBe(1)

    socket.resume()
    // Megabytes through a 64 KiB window: seconds when the whole suite shares two cores (CI once took over 4).
    const replayWait = { ...WAIT, timeout: 20_000 }
    await vi.waitFor(() => expect(peer.frames).toHaveLength(205), replayWait)
    log.append(bigMiniBlockEvent(log.nextSeq()))
    await vi.waitFor(() => expect(peer.frames).toHaveLength(206), replayWait)
    const seqs = peer.frames.map((frame) => (frame.kind === 'event' ? frame.event.seq : -1n))
    expect(seqs).toEqual(Array.from({ length: 206 }, (_, i) => BigInt(i + 1)))
  })

  it('drops a slow consumer with a reason while other followers keep receiving', async () => {
    const limit = 64 * 1024
    const [chain, server] = await start({ link: { maxBackpressureBytes: limit } })
    const [fast, received] = follow(server.url, 1n)
    await fast.ready()
    const slow = await openRawPeer(server.url)
    peers.push(slow)
    slow.ws.send(encodeLinkRequest({ kind: 'subscribe', fromSeq: 1n }))
    await vi.waitFor(() => expect(slow.frames.length).toBeGreaterThan(0), WAIT)
    // Stop reading: the kernel buffers fill, then the server's.
    const socket = (slow.ws as unknown as { _socket: Socket })._socket
    socket.pause()

    // 64 KiB of calldata per transaction makes each mini-block event big.
    const calldata = new Uint8Array(64 * 1024).fill(1)
    for (let i = 0; i < 400 && server.connections() === 2; i++) {
      await chain.sequencer.submit(chain.transfer(i % 8, calldata))
    }
    expect(server.connections()).toBe(1)

    socket.resume()
    const { code, reason } = await slow.closed
    expect(code).toBe(LinkCloseCode.SlowConsumer)
    expect(reason).toMatch(new RegExp(`^slow consumer: \\d+ bytes buffered, limit ${limit}$`))

    await chain.submitSequential(3, 9)
    await caughtUp(fast, chain)
    expectSameAsLog(received, chain.sequencer, 1n)
  })
})
