import { keccak_256 } from '@noble/hashes/sha3.js'
import { ErrorCode, RtevmError, type StreamEvent } from '@rtevm/protocol'
import { freePort } from '@rtevm/testkit'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineConfig } from '../config/index.ts'
import { createEventLog } from '../stream/index.ts'
import { createLinkClient } from './createLinkClient.ts'
import { createLinkServer, type LinkBackend, type LinkServer } from './createLinkServer.ts'
import { LinkSequenceError } from './errors.ts'
import type { LinkClient, LinkClientOptions } from './LinkClient.ts'
import { expectSameAsLog, notExercised, startTestChain, type TestChain, WAIT } from './linkTestSupport.ts'

let chain: TestChain | undefined
const servers: LinkServer[] = []
const clients: LinkClient[] = []

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()))
  await Promise.all(servers.splice(0).map((server) => server.close()))
  await chain?.sequencer.close()
  chain = undefined
})

const linkConfig = defineConfig({ link: { port: 0 } }).link

async function serve(backend: LinkBackend, port = 0): Promise<LinkServer> {
  const server = await createLinkServer({ config: { ...linkConfig, port }, backend })
  servers.push(server)
  return server
}

function connect(options: LinkClientOptions): LinkClient {
  const client = createLinkClient({ reconnect: { minDelayMs: 5, maxDelayMs: 50 }, ...options })
  clients.push(client)
  return client
}

/** A backend whose submissions never finish, for what happens while they wait. */
function stalledBackend(): LinkBackend {
  return {
    ...notExercised,
    submit: () => new Promise(() => {}),
    events: createEventLog({ events: 16, bytes: Number.MAX_SAFE_INTEGER }),
  }
}

describe('link client: submit', () => {
  it('returns the inclusion the sequencer sealed', async () => {
    chain = await startTestChain()
    const server = await serve(chain.sequencer)
    const client = connect({ url: server.url })
    const raw = chain.transfer()
    // Submitted before the connection is up: queued, then sent on open.
    const inclusion = await client.submit(raw)
    expect(inclusion.hash).toEqual(keccak_256(raw))
    expect(inclusion.receipt).toMatchObject({ status: 1, gasUsed: 21_000n })
    const sealed = chain.sequencer.events.readFrom(inclusion.miniBlockNumber + 1n, 1)[0].event
    expect(sealed).toMatchObject({ kind: 'miniBlock', miniBlock: { number: inclusion.miniBlockNumber } })
  })

  it('rejects with the sequencer’s typed error', async () => {
    chain = await startTestChain()
    const server = await serve(chain.sequencer)
    const client = connect({ url: server.url })
    const raw = chain.transfer()
    await client.submit(raw)
    const replay = client.submit(raw)
    await expect(replay).rejects.toBeInstanceOf(RtevmError)
    await expect(replay).rejects.toMatchObject({
      code: expect.stringMatching(/^(NONCE_TOO_LOW|ALREADY_KNOWN)$/),
    })
    await expect(client.submit(new Uint8Array([0xde, 0xad]))).rejects.toMatchObject({
      code: expect.not.stringMatching(/^INTERNAL$/),
    })
  })

  it('reports a backend failure that is not an RtevmError as INTERNAL', async () => {
    const server = await serve({
      ...notExercised,
      submit: () => Promise.reject(new Error('disk on fire')),
      events: createEventLog({ events: 4, bytes: Number.MAX_SAFE_INTEGER }),
    })
    const client = connect({ url: server.url })
    await expect(client.submit(new Uint8Array([1]))).rejects.toMatchObject({
      code: ErrorCode.Internal,
      message: 'disk on fire',
    })
  })

  it('rejects pending submissions with a retryable LINK_CLOSED when the connection drops', async () => {
    const server = await serve(stalledBackend())
    const client = connect({ url: server.url })
    await client.ready()
    const pending = client.submit(new Uint8Array([1]))
    await vi.waitFor(() => expect(server.connections()).toBe(1), WAIT)
    await server.close()
    await expect(pending).rejects.toMatchObject({ code: ErrorCode.LinkClosed, retryable: true })
  })

  it('caps pending submissions', async () => {
    const server = await serve(stalledBackend())
    const client = connect({ url: server.url, maxPendingSubmits: 2 })
    void client.submit(new Uint8Array([1])).catch(() => {})
    void client.submit(new Uint8Array([2])).catch(() => {})
    await expect(client.submit(new Uint8Array([3]))).rejects.toMatchObject({
      code: ErrorCode.MempoolFull,
      retryable: true,
    })
  })
})

describe('link client: following', () => {
  it('reconnects after the server restarts and resumes from its cursor without gap', async () => {
    chain = await startTestChain()
    const first = await serve(chain.sequencer, await freePort())
    const received: StreamEvent[] = []
    const errors: RtevmError[] = []
    const client = connect({
      url: first.url,
      fromSeq: 1n,
      onEvent: (e) => received.push(e),
      onError: (e) => errors.push(e),
    })
    await chain.submitSequential(10)
    await vi.waitFor(() => expect(client.lastSeq()).toBe(chain?.sequencer.events.head()), WAIT)

    await first.close()
    // Events sealed while the follower is away come back from the log's history.
    await chain.submitSequential(10)
    const second = await serve(chain.sequencer, first.port)
    await client.ready()
    await chain.submitSequential(10)
    await vi.waitFor(() => expect(client.lastSeq()).toBe(chain?.sequencer.events.head()), WAIT)

    expectSameAsLog(received, chain.sequencer, 1n)
    expect(errors.some((error) => error.code === ErrorCode.LinkClosed)).toBe(true)
    expect(second.connections()).toBe(1)
  })

  it('treats a gap as a protocol violation and resumes from its own cursor', async () => {
    chain = await startTestChain()
    await chain.submitSequential(6)
    const log = chain.sequencer.events
    let served = 0
    // The first replay skips seq 3, as a buggy or corrupt server would.
    const gappy: LinkBackend['events'] = {
      head: () => log.head(),
      subscribe: (listener) => log.subscribe(listener),
      readFrom(fromSeq, max) {
        const events = log.readFrom(fromSeq, max)
        return served++ === 0 ? events.filter((logged) => logged.event.seq !== 3n) : events
      },
    }
    const server = await serve({
      ...notExercised,
      submit: (raw) => chain!.sequencer.submit(raw),
      events: gappy,
    })
    const received: StreamEvent[] = []
    const errors: RtevmError[] = []
    const client = connect({
      url: server.url,
      fromSeq: 1n,
      onEvent: (e) => received.push(e),
      onError: (e) => errors.push(e),
    })
    await vi.waitFor(() => expect(client.lastSeq()).toBe(log.head()), WAIT)
    expectSameAsLog(received, chain.sequencer, 1n)
    const violation = errors.find((error) => error instanceof LinkSequenceError)
    expect(violation).toMatchObject({ expected: 3n, received: 4n })
  })
})
