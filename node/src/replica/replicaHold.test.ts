import type { StreamEvent } from '@rtevm/protocol'
import { compileTestContracts } from '@rtevm/testkit'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createLinkServer, type LinkServer } from '../link/index.ts'
import { createReplica } from './createReplica.ts'
import { ReplicaBusyError } from './errors.ts'
import { type Follower, followSequencer } from './followSequencer.ts'
import { caughtUp, startTestChain, type TestChain } from './replicaTestSupport.ts'

let chain: TestChain | undefined
let server: LinkServer | undefined
let follower: Follower | undefined

beforeAll(() => {
  compileTestContracts()
})

afterEach(async () => {
  await follower?.close()
  await server?.close()
  await chain?.sequencer.close()
  follower = server = chain = undefined
})

describe('Replica.hold', () => {
  it('refuses events while any hold is taken (holds nest, a release counts once), then applies them', async () => {
    chain = await startTestChain(2, { blockIntervalMs: 2 ** 31 - 1 })
    const token = await chain.deployToken(10n ** 24n)
    await chain.round(token, 5n)
    await chain.sequencer.sealBlock()
    const events = chain.events()
    const replica = await createReplica(chain.sequencer.genesis)
    replica.apply(events[0])

    const outer = replica.hold()
    const inner = replica.hold()
    expect(() => replica.apply(events[1])).toThrow(ReplicaBusyError)
    expect(replica.heldBack()).toBe(true)
    inner()
    inner() // a second call of the same release does not release the outer hold
    expect(() => replica.apply(events[1])).toThrow(ReplicaBusyError)
    expect(replica.lastSeq()).toBe(1n)
    outer()
    expect(replica.heldBack()).toBe(true) // until the refused event is applied
    for (const event of events.slice(1)) replica.apply(event)
    expect(replica.heldBack()).toBe(false)
    expect(replica.lastSeq()).toBe(chain.sequencer.events.head())
    expect(replica.stateRoot()).toEqual(chain.sequencer.latestBlock().header.stateRoot)
  })

  it('a follower keeps the events that arrive during a hold and applies them in order after it', async () => {
    chain = await startTestChain(2)
    server = await createLinkServer({ config: chain.sequencer.config.link, backend: chain.sequencer })
    const replica = await createReplica(chain.sequencer.genesis)
    const seen: StreamEvent[] = []
    replica.onEvent((event) => seen.push(event))
    const errors: unknown[] = []
    follower = followSequencer(replica, { url: server.url, onError: (error) => errors.push(error) })
    await caughtUp(replica, chain.sequencer)
    const release = replica.hold()
    const held = replica.lastSeq()
    const token = await chain.deployToken(10n ** 24n)
    await chain.round(token, 5n)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(replica.lastSeq()).toBe(held)
    expect(chain.sequencer.events.head()).toBeGreaterThan(held)
    release()
    await chain.sequencer.sealBlock()
    await caughtUp(replica, chain.sequencer)
    expect(seen.map((event) => event.seq)).toEqual(chain.events().map((event) => event.seq))
    expect(replica.stateRoot()).toEqual(chain.sequencer.latestBlock().header.stateRoot)
    expect(errors).toEqual([])
  })
})
