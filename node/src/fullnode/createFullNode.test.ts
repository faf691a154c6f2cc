import { freePort } from '@rtevm/testkit'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineConfig, type SequencerConfig } from '../config/index.ts'
import { createLinkClient, createLinkServer, type LinkClient, type LinkServer } from '../link/index.ts'
import { startTestChain, type TestChain, WAIT } from '../link/linkTestSupport.ts'
import { hexFromBytes } from '../state/index.ts'
import { createFullNode, type FullNode } from './createFullNode.ts'

let chain: TestChain | undefined
let sequencerLink: LinkServer | undefined
const nodes: FullNode[] = []
const clients: LinkClient[] = []

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close()
  for (const node of nodes.splice(0).reverse()) await node.close()
  await sequencerLink?.close()
  await chain?.sequencer.close()
  chain = undefined
  sequencerLink = undefined
})

async function startChain(linkPort = 0): Promise<SequencerConfig> {
  chain = await startTestChain({ blockIntervalMs: 50 })
  sequencerLink = await createLinkServer({
    config: { ...chain.sequencer.config.link, port: linkPort },
    backend: chain.sequencer,
  })
  return chain.sequencer.config
}

async function startFullNode(config: SequencerConfig, upstreamUrl: string, port = 0): Promise<FullNode> {
  const node = await createFullNode({
    config: defineConfig({ ...config, link: { ...config.link, port } }),
    upstreamUrl,
  })
  nodes.push(node)
  await node.ready()
  return node
}

/** Waits until `node` has applied everything the sequencer emitted, then compares roots and state. */
async function expectInSync(node: FullNode) {
  const sequencer = chain!.sequencer
  await sequencer.sealBlock()
  await vi.waitFor(() => expect(node.replica.lastSeq()).toBe(sequencer.events.head()), WAIT)
  expect(node.replica.haltedBy()).toBeUndefined()
  expect(hexFromBytes(node.replica.stateRoot())).toBe(hexFromBytes(sequencer.latestBlock().header.stateRoot))
  const sink = sequencer.devAccounts.at(-1)!.address
  expect(node.replica.getAccount(Buffer.from(sink.slice(2), 'hex'))?.balance).toBe(
    sequencer.state.getAccount(sink.slice(2).toLowerCase())?.balance,
  )
}

describe('full node', () => {
  it('relays the stream: a full node following a full node reaches the sequencer state root', async () => {
    const config = await startChain()
    const first = await startFullNode(config, sequencerLink!.url)
    const second = await startFullNode(config, first.link.url)
    // Submissions made at the far end of the tree are forwarded up to the sequencer.
    const client = createLinkClient({ url: second.link.url })
    clients.push(client)
    for (let i = 0; i < 20; i++) {
      const inclusion = await client.submit(chain!.transfer(i % 4))
      expect(inclusion.receipt.status).toBe(1)
    }
    await expectInSync(first)
    await expectInSync(second)
    expect(second.link.connections()).toBe(1)
  })

  it('fills the gap from its upstream after the connection drops', async () => {
    const port = await freePort()
    const config = await startChain(port)
    const node = await startFullNode(config, sequencerLink!.url)
    await chain!.submitSequential(10)
    await sequencerLink!.close()
    // While the node is cut off the chain moves on.
    await chain!.submitSequential(15, 1)
    sequencerLink = await createLinkServer({ config: { ...config.link, port }, backend: chain!.sequencer })
    await expectInSync(node)
  })

  it('a restarted full node replays from its upstream and its followers resume from it', async () => {
    const config = await startChain()
    const port = await freePort()
    const relay = await startFullNode(config, sequencerLink!.url, port)
    const leaf = await startFullNode(config, relay.link.url)
    await chain!.submitSequential(10)
    await expectInSync(leaf)
    await relay.close()
    nodes.splice(nodes.indexOf(relay), 1)
    await chain!.submitSequential(10, 2)
    const restarted = await startFullNode(config, sequencerLink!.url, port)
    await expectInSync(restarted)
    await expectInSync(leaf)
  })
})
