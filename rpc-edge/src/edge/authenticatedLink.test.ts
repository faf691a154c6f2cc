import { generateKeyPairSync } from 'node:crypto'
import {
  createLinkServer,
  createSequencer,
  type LinkServer,
  linkKeyFromPrivateKey,
  type Sequencer,
} from '@rtevm/node'
import { afterEach, expect, it } from 'vitest'
import { createEdge, type Edge } from './createEdge.ts'
import { rawRpc, testChainConfig, testDevAccounts, viemClients } from './edgeTestSupport.ts'

let sequencer: Sequencer | undefined
let link: LinkServer | undefined
let edge: Edge | undefined

afterEach(async () => {
  await edge?.close()
  await link?.close()
  await sequencer?.close()
  edge = undefined
  link = undefined
  sequencer = undefined
})

it('an edge with its key (follow, submit) serves reads and sends; a dev method it holds no role for is refused', async () => {
  const key = linkKeyFromPrivateKey(generateKeyPairSync('ed25519').privateKey)
  sequencer = await createSequencer(testChainConfig)
  const peers = [{ name: 'edge-1', publicKey: key.publicKey, roles: ['follow' as const, 'submit' as const] }]
  link = await createLinkServer({ config: { ...testChainConfig.link, peers }, backend: sequencer })
  edge = await createEdge({
    rpc: { port: 0 },
    sequencerUrl: link.url,
    sequencerAccess: { key },
    edge: { devMethods: true },
  })
  await edge.whenReady()

  const { publicClient, walletClient } = viemClients(edge.url)
  const hash = await walletClient.sendTransaction({ to: testDevAccounts[1].address, value: 1n })
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  expect(receipt.status).toBe('success')

  const stranger = '0x00000000000000000000000000000000000000dd'
  const refused = await rawRpc(edge.url, 'anvil_setBalance', [stranger, '0x5'])
  expect(refused.error).toMatchObject({
    code: -32601,
    message: expect.stringContaining('needs the link role privileged'),
  })
  expect(sequencer.state.getAccount(stranger.slice(2))).toBeUndefined()
})
