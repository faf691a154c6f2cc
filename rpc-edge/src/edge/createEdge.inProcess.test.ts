import { createLinkClient } from '@rtevm/node'
import { createPublicClient, createWalletClient, defineChain, webSocket } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { sendRawTransactionSync } from 'viem/actions'
import { afterEach, expect, it, vi } from 'vitest'
import {
  testChainConfig as config,
  rawRpc,
  startTestEdge,
  type TestEdge,
  testDevAccounts,
} from './edgeTestSupport.ts'

const [dev0, dev1] = testDevAccounts
const account = privateKeyToAccount(dev0.privateKey)
let running: TestEdge | undefined

afterEach(async () => {
  await running?.close()
  running = undefined
})

it('an edge with the sequencer in its process answers sync sends, dev methods and reads, and still serves the link', async () => {
  running = await startTestEdge({}, {}, { inProcess: true })
  const { edge, sequencer, link } = running
  const chain = defineChain({
    id: Number(config.chainId),
    name: 'rtevm test',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [edge.url], webSocket: [edge.wsUrl] } },
  })
  const transport = webSocket(edge.wsUrl)
  const wallet = createWalletClient({ account, chain, transport })
  const reader = createPublicClient({ chain, transport })
  const before = await reader.getBalance({ address: dev1.address })

  const raw = await wallet.signTransaction(
    await wallet.prepareTransactionRequest({ to: dev1.address, value: 7n }),
  )
  const receipt = await sendRawTransactionSync(wallet, { serializedTransaction: raw })
  expect(receipt.status).toBe('success')
  // The receipt means the replica holds the mini-block: the next read sees the transfer.
  expect(await reader.getBalance({ address: dev1.address })).toBe(before + 7n)

  // The send's path carried its stamps: every hop, the sequencer's included, is on /metrics.
  const metrics = await (await fetch(`${edge.url}/metrics`)).text()
  for (const hop of ['admission', 'recovery', 'execution', 'fsync', 'replica', 'reply', 'total']) {
    expect(metrics).toContain(`rtevm_sync_send_hop_seconds_count{hop="${hop}"} 1`)
  }

  const target = '0x00000000000000000000000000000000000000aa'
  expect((await rawRpc(edge.url, 'anvil_setBalance', [target, '0x10'])).error).toBeUndefined()
  expect(await reader.getBalance({ address: target })).toBe(16n)

  // The replica ends each block with the sequencer's state root.
  const sealed = await sequencer.sealBlock()
  await vi.waitFor(() => expect(edge.replica.head().block >= sealed.header.number).toBe(true))
  expect(edge.replica.getBlockByNumber(sealed.header.number)?.header.stateRoot).toEqual(
    sealed.header.stateRoot,
  )

  // Followers elsewhere still use the sequencer's link.
  const seen: bigint[] = []
  const follower = createLinkClient({ url: link.url, fromSeq: 1n, onEvent: (event) => seen.push(event.seq) })
  await follower.ready()
  await vi.waitFor(() => expect((seen.at(-1) ?? 0n) >= sequencer.events.head()).toBe(true))
  await follower.close()
})
