import { generateKeyPairSync } from 'node:crypto'
import { ErrorCode, type LinkRole } from '@rtevm/protocol'
import { hexToBytes } from 'viem'
import { afterEach, expect, it, vi } from 'vitest'
import { DEVNET_VERIFIER_KEY, defineConfig } from '../config/index.ts'
import {
  createLinkClient,
  createLinkServer,
  type LinkClient,
  type LinkKey,
  type LinkServer,
  linkKeyFromPrivateKey,
} from '../link/index.ts'
import { startTestChain, type TestChain, WAIT } from '../link/linkTestSupport.ts'
import { hexFromBytes } from '../state/index.ts'
import { createVerifierNode, type VerifierNode } from '../verifier/index.ts'
import { createFullNode, type FullNode } from './createFullNode.ts'

const newKey = (): LinkKey => linkKeyFromPrivateKey(generateKeyPairSync('ed25519').privateKey)

let chain: TestChain | undefined
let link: LinkServer | undefined
let fullNode: FullNode | undefined
let verifier: VerifierNode | undefined
const clients: LinkClient[] = []

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close()
  await verifier?.close()
  await fullNode?.close()
  await link?.close()
  await chain?.sequencer.close()
  verifier = undefined
  fullNode = undefined
  link = undefined
  chain = undefined
})

async function startGuardedChain(peers: { name: string; key: LinkKey; roles: LinkRole[] }[]) {
  chain = await startTestChain({ blockIntervalMs: 2 ** 31 - 1 })
  const listed = peers.map(({ name, key, roles }) => ({ name, publicKey: key.publicKey, roles }))
  link = await createLinkServer({
    config: { ...chain.sequencer.config.link, peers: listed },
    backend: chain.sequencer,
  })
  return { chain, link }
}

it('a full node with its key follows a guarded sequencer and relays writes with its own roles', async () => {
  const key = newKey()
  const { chain, link } = await startGuardedChain([{ name: 'fullnode-1', key, roles: ['follow', 'submit'] }])
  fullNode = await createFullNode({
    config: defineConfig({ link: { port: 0 } }),
    upstreamUrl: link.url,
    upstreamAccess: { key },
  })
  await fullNode.ready()

  // Its own link is open on loopback; what it forwards upstream goes with its key's roles.
  const downstream = createLinkClient({ url: fullNode.link.url, reconnect: false })
  clients.push(downstream)
  const inclusion = await downstream.submit(chain.transfer())
  expect(inclusion.receipt.status).toBe(1)
  const address = hexToBytes('0x00000000000000000000000000000000000000cc')
  await expect(downstream.dev({ op: 'setBalance', address, value: 1n })).rejects.toMatchObject({
    code: ErrorCode.Forbidden,
  })
  expect(chain.sequencer.state.getAccount(hexFromBytes(address))).toBeUndefined()

  await chain.sequencer.sealBlock()
  const node = fullNode
  await vi.waitFor(() => expect(node.replica.lastSeq()).toBe(chain.sequencer.events.head()), WAIT)
  expect(node.replica.haltedBy()).toBeUndefined()
  expect(hexFromBytes(node.replica.stateRoot())).toBe(
    hexFromBytes(chain.sequencer.latestBlock().header.stateRoot),
  )
})

it('a verifier with its key (follow, attest) fetches witnesses and moves finality', async () => {
  const key = newKey()
  const { chain, link } = await startGuardedChain([{ name: 'verifier-1', key, roles: ['follow', 'attest'] }])
  const attested: bigint[] = []
  verifier = await createVerifierNode({
    upstreamUrl: link.url,
    upstreamAccess: { key },
    signerKey: hexToBytes(DEVNET_VERIFIER_KEY),
    workers: 1,
    onAttestation: (attestation) => attested.push(attestation.blockNumber),
    onError: (error) => {
      throw error
    },
  })
  await verifier.ready()
  await chain.submitSequential(2)
  const block = await chain.sequencer.sealBlock()
  await vi.waitFor(() => expect(attested).toContain(block.header.number), { timeout: 30_000, interval: 20 })
})

it('without a key, a follower of a guarded sequencer is refused genesis and gives up', async () => {
  const { link } = await startGuardedChain([{ name: 'someone-else', key: newKey(), roles: ['follow'] }])
  await expect(
    createFullNode({ config: defineConfig({ link: { port: 0 } }), upstreamUrl: link.url }),
  ).rejects.toMatchObject({ code: ErrorCode.Forbidden })
})
