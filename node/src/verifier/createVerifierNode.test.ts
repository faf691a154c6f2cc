import { encodeGenesis } from '@rtevm/protocol'
import { hexToBytes } from 'viem'
import { afterEach, expect, it, vi } from 'vitest'
import { DEVNET_VERIFIER_KEY } from '../config/index.ts'
import { GenesisMismatchError } from '../genesis/index.ts'
import { createLinkServer, type LinkServer } from '../link/index.ts'
import { startTestChain, type TestChain } from '../link/linkTestSupport.ts'
import { createReplica } from '../replica/index.ts'
import { createVerifierNode, type VerifierNode } from './createVerifierNode.ts'

let chain: TestChain | undefined
let link: LinkServer | undefined
let node: VerifierNode | undefined

afterEach(async () => {
  await node?.close()
  await link?.close()
  await chain?.sequencer.close()
  node = undefined
  link = undefined
  chain = undefined
})

it('verifies each block from its witness, attests, and the sequencer streams finality to followers', async () => {
  chain = await startTestChain({ blockIntervalMs: 2 ** 31 - 1 })
  link = await createLinkServer({ config: chain.sequencer.config.link, backend: chain.sequencer })
  const attested: bigint[] = []
  node = await createVerifierNode({
    upstreamUrl: link.url,
    signerKey: hexToBytes(DEVNET_VERIFIER_KEY),
    workers: 1,
    onAttestation: (attestation) => attested.push(attestation.blockNumber),
    onError: (error) => {
      throw error
    },
  })
  await node.ready()
  for (let block = 0; block < 3; block++) {
    await chain.submitSequential(4, block)
    await chain.sequencer.sealBlock()
  }
  await vi.waitFor(() => expect(attested).toHaveLength(3), { timeout: 30_000, interval: 20 })

  // A follower replaying the stream learns finality from it.
  const replica = await createReplica(chain.sequencer.genesis)
  for (const { event } of chain.sequencer.events.readFrom(1n, 10_000)) replica.apply(event)
  expect(replica.head().finalized).toBe(3n)
  expect(replica.head().block).toBe(3n)
})

it('refuses an attestation from a key the sequencer does not accept', async () => {
  chain = await startTestChain({ blockIntervalMs: 2 ** 31 - 1, verifiers: [] })
  await chain.submitSequential(2)
  const block = await chain.sequencer.sealBlock()
  const { createAttestationSigner } = await import('../finality/index.ts')
  const attestation = createAttestationSigner(hexToBytes(DEVNET_VERIFIER_KEY)).sign({
    blockNumber: block.header.number,
    blockHash: block.hash,
    stateRoot: block.header.stateRoot,
    receiptsRoot: block.header.receiptsRoot,
    ok: true,
  })
  await expect(chain.sequencer.attest(attestation)).rejects.toMatchObject({ code: 'ATTESTATION_REJECTED' })
})

it('refuses a served genesis whose accounts do not match block 0', async () => {
  chain = await startTestChain()
  const { genesis } = chain.sequencer
  const accounts = genesis.accounts.map((a, i) => (i === 0 ? { ...a, code: Uint8Array.of(0) } : a))
  link = await createLinkServer({
    config: chain.sequencer.config.link,
    backend: { ...chain.sequencer, encodedGenesis: async () => encodeGenesis({ ...genesis, accounts }) },
  })
  const options = { upstreamUrl: link.url, signerKey: hexToBytes(DEVNET_VERIFIER_KEY), workers: 1 }
  await expect(createVerifierNode(options)).rejects.toThrow(GenesisMismatchError)
})
