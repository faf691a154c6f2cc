import { encodeGenesis } from '@rtevm/protocol'
import { freePort } from '@rtevm/testkit'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineConfig, type SequencerConfig, type SequencerConfigInput } from '../config/index.ts'
import { GenesisMismatchError } from '../genesis/index.ts'
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

async function startChain(linkPort = 0, input: SequencerConfigInput = {}): Promise<SequencerConfig> {
  chain = await startTestChain({ blockIntervalMs: 50, ...input })
  sequencerLink = await createLinkServer({
    config: { ...chain.sequencer.config.link, port: linkPort },
    backend: chain.sequencer,
  })
  return chain.sequencer.config
}

async function startFullNode(
  config: SequencerConfig,
  upstreamUrl: string,
  port = 0,
  batchMs?: number,
): Promise<FullNode> {
  const node = await createFullNode({
    config: defineConfig({ ...config, link: { ...config.link, port } }),
    upstreamUrl,
    batchMs,
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
  it('takes genesis from its upstream: configured with no chain options, it follows a non-default chain', async () => {
    await startChain(0, {
      chainId: 4242n,
      mnemonic:
        'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
      devAccountCount: 3,
      devAccountBalance: 77n * 10n ** 18n,
      baseFeePerGas: 7n,
    })
    // Only what the node serves downstream: no chain id, mnemonic, balance or fees.
    const node = await createFullNode({
      config: { ...defineConfig(), link: { ...defineConfig().link, port: 0 } },
      upstreamUrl: sequencerLink!.url,
    })
    nodes.push(node)
    await node.ready()
    expect(node.replica.chain).toMatchObject({ chainId: 4242n, baseFeePerGas: 7n })
    await chain!.submitSequential(3)
    await expectInSync(node)
    // And it serves that genesis on: a follower of the full node gets the very same bytes.
    const client = createLinkClient({ url: node.link.url })
    clients.push(client)
    expect(encodeGenesis(await client.genesis())).toEqual(await chain!.sequencer.encodedGenesis())
  })

  it('refuses a genesis whose accounts do not match the state root of block 0', async () => {
    await startChain()
    const { genesis } = chain!.sequencer
    const accounts = genesis.accounts.map((a, i) => (i === 1 ? { ...a, balance: a.balance + 1n } : a))
    const lying = await createLinkServer({
      config: { ...chain!.sequencer.config.link, port: 0 },
      backend: { ...chain!.sequencer, encodedGenesis: async () => encodeGenesis({ ...genesis, accounts }) },
    })
    try {
      const refused = createFullNode({ config: defineConfig({ link: { port: 0 } }), upstreamUrl: lying.url })
      await expect(refused).rejects.toThrow(GenesisMismatchError)
      await expect(refused).rejects.toMatchObject({ code: 'GENESIS_MISMATCH' })
    } finally {
      await lying.close()
    }
  })

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

  it('taking the stream in batches, it still reaches the sequencer state root', async () => {
    const config = await startChain()
    const node = await startFullNode(config, sequencerLink!.url, 0, 20)
    for (let i = 0; i < 20; i++)
      expect((await chain!.sequencer.submit(chain!.transfer(i % 4))).receipt.status).toBe(1)
    await expectInSync(node)
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
