import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTxSigner, freePort } from '@rtevm/testkit'
import { hexToBytes } from 'viem'
import { afterEach, expect, it, vi } from 'vitest'
import { DEVNET_VERIFIER_KEY, defineConfig, type SequencerConfig } from '../config/index.ts'
import { createFullNode, type FullNode } from '../fullnode/index.ts'
import { createLinkServer, type LinkServer } from '../link/index.ts'
import { hexFromBytes } from '../state/index.ts'
import { createVerifierNode, type VerifierNode } from '../verifier/index.ts'
import { createSequencer, type Sequencer } from './createSequencer.ts'

const WAIT = { timeout: 30_000, interval: 20 }
let dir: string | undefined
let running: { sequencer: Sequencer; link: LinkServer } | undefined
let fullNode: FullNode | undefined
let verifier: VerifierNode | undefined

afterEach(async () => {
  await verifier?.close()
  await fullNode?.close()
  await running?.link.close()
  await running?.sequencer.close()
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
  running = verifier = fullNode = undefined
})

async function startSequencer(config: SequencerConfig) {
  const sequencer = await createSequencer(config)
  const link = await createLinkServer({ config: config.link, backend: sequencer })
  running = { sequencer, link }
  return running
}

it('a full node and the verifier pool carry on across a sequencer restart and end on its state root', async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtevm-restart-'))
  const config = defineConfig({
    dataDir: dir,
    blockIntervalMs: 2 ** 31 - 1,
    recoveryWorkers: 1,
    link: { port: await freePort() },
  })
  const [alice] = (await startSequencer(config)).sequencer.devAccounts
  const signer = createTxSigner(alice.privateKey, alice.address)
  let nonce = 0n
  const transfer = () =>
    signer.sign({
      nonce: nonce++,
      to: '0x00000000000000000000000000000000000b0b00',
      value: 1n,
      gasLimit: 21_000n,
      maxFeePerGas: 2_000_000_000n,
      maxPriorityFeePerGas: 0n,
    })
  fullNode = await createFullNode({
    config: { ...config, link: { ...config.link, port: 0 } },
    upstreamUrl: running!.link.url,
  })
  await fullNode.ready()
  verifier = await createVerifierNode({
    upstreamUrl: running!.link.url,
    signerKey: hexToBytes(DEVNET_VERIFIER_KEY),
    workers: 1,
  })
  await verifier.ready()

  for (let block = 0; block < 2; block++) {
    for (let i = 0; i < 3; i++) await running!.sequencer.submit(transfer())
    await running!.sequencer.sealBlock()
  }
  await vi.waitFor(() => expect(fullNode!.replica.head().finalized).toBe(2n), WAIT)
  // One more mini-block in an open block, then the sequencer goes away.
  await running!.sequencer.submit(transfer())
  await running!.link.close()
  await running!.sequencer.close()

  const restarted = await startSequencer(config)
  for (let i = 0; i < 3; i++) await restarted.sequencer.submit(transfer())
  const last = await restarted.sequencer.sealBlock()
  await vi.waitFor(() => {
    expect(fullNode!.replica.head().block).toBe(last.header.number)
    expect(fullNode!.replica.head().finalized).toBe(last.header.number)
  }, WAIT)
  expect(fullNode.replica.haltedBy()).toBeUndefined()
  expect(hexFromBytes(fullNode.replica.stateRoot())).toBe(hexFromBytes(last.header.stateRoot))
})
