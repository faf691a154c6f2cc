import { encodeStreamEvent, type StreamEvent } from '@rtevm/protocol'
import { afterEach, expect, it, vi } from 'vitest'
import { genesisAccounts } from '../genesis/index.ts'
import { createReplica, followSequencer } from '../replica/index.ts'
import { startTestChain as startTokenChain, type TestChain } from '../replica/replicaTestSupport.ts'
import { hexFromBytes } from '../state/index.ts'
import { createLinkClient } from './createLinkClient.ts'
import { createLinkServer, type LinkServer } from './createLinkServer.ts'
import type { LinkClient } from './LinkClient.ts'
import { WAIT } from './linkTestSupport.ts'

let chain: TestChain | undefined
let server: LinkServer | undefined
const clients: LinkClient[] = []

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close()
  await server?.close()
  await chain?.sequencer.close()
  server = undefined
  chain = undefined
})

function collect(compact: boolean): StreamEvent[] {
  const received: StreamEvent[] = []
  const client = createLinkClient({
    url: server!.url,
    fromSeq: 1n,
    compact: compact ? genesisAccounts(chain!.sequencer.config) : undefined,
    onEvent: (event) => received.push(event),
  })
  clients.push(client)
  return received
}

it('compact frames carry the same stream as v1 frames, in fewer bytes, and a replica fed by them agrees', async () => {
  chain = await startTokenChain(8, { blockIntervalMs: 2 ** 31 - 1 })
  server = await createLinkServer({ config: chain.sequencer.config.link, backend: chain.sequencer })
  const compact = collect(true)
  const plain = collect(false)
  const replica = await createReplica(chain.sequencer.genesis)
  const follower = followSequencer(replica, { url: server.url })

  const token = await chain.deployToken(10n ** 24n)
  for (let round = 0; round < 5; round++) {
    await chain.round(token)
    if (round % 2) await chain.sequencer.sealBlock()
  }
  // A dev edit and account removal travel the same way.
  await chain.sequencer.dev({ op: 'setBalance', address: new Uint8Array(20).fill(7), value: 5n })
  await chain.sequencer.dev({ op: 'setBalance', address: new Uint8Array(20).fill(7), value: 0n })
  await chain.sequencer.sealBlock()

  const head = chain.sequencer.events.head()
  await vi.waitFor(() => {
    expect(compact.at(-1)?.seq).toBe(head)
    expect(plain.at(-1)?.seq).toBe(head)
    expect(replica.lastSeq()).toBe(head)
  }, WAIT)
  await follower.close()
  const logged = chain.sequencer.events.readFrom(1n, 100_000)
  const reencoded = (events: StreamEvent[]) => events.map((event) => Buffer.from(encodeStreamEvent(event)))
  expect(reencoded(compact)).toEqual(logged.map((entry) => Buffer.from(entry.bytes)))
  expect(reencoded(plain)).toEqual(logged.map((entry) => Buffer.from(entry.bytes)))
  expect(replica.haltedBy()).toBeUndefined()
  expect(hexFromBytes(replica.stateRoot())).toBe(hexFromBytes(chain.sequencer.latestBlock().header.stateRoot))

  const wire = logged.reduce((sum, entry) => sum + (entry.wire?.length ?? Number.NaN), 0)
  const v1 = logged.reduce((sum, entry) => sum + entry.bytes.length, 0)
  expect(wire).toBeLessThan(v1)
})

it('a follower that joins mid-stream gets v1 frames and still sees every event', async () => {
  chain = await startTokenChain(4, { blockIntervalMs: 2 ** 31 - 1 })
  server = await createLinkServer({ config: chain.sequencer.config.link, backend: chain.sequencer })
  const token = await chain.deployToken(10n ** 24n)
  await chain.round(token)
  const from = chain.sequencer.events.head()
  const received: StreamEvent[] = []
  const client = createLinkClient({
    url: server.url,
    fromSeq: from,
    compact: genesisAccounts(chain.sequencer.config),
    onEvent: (event) => received.push(event),
  })
  clients.push(client)
  await chain.round(token)
  const head = chain.sequencer.events.head()
  await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(head), WAIT)
  expect(received.map((event) => event.seq)).toEqual(
    Array.from({ length: Number(head - from + 1n) }, (_, i) => from + BigInt(i)),
  )
})
