import { createLinkServer, deriveDevAccounts, GenesisMismatchError } from '@rtevm/node'
import { encodeGenesis } from '@rtevm/protocol'
import { afterEach, expect, it, vi } from 'vitest'
import { createEdge } from './createEdge.ts'
import { rawRpc, startTestEdge, type TestEdge } from './edgeTestSupport.ts'

const MNEMONIC =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'

let t: TestEdge | undefined

afterEach(async () => {
  await t?.close()
  t = undefined
})

it('an edge with no chain options follows a sequencer with its own chain id, mnemonic, balance and base fee', async () => {
  // startTestEdge gives the edge no chain settings at all: only the sequencer's URL.
  t = await startTestEdge(
    {},
    {
      chainId: 4242n,
      mnemonic: MNEMONIC,
      devAccountCount: 3,
      devAccountBalance: 77n * 10n ** 18n,
      baseFeePerGas: 3n,
    },
  )
  const { edge, sequencer } = t
  expect((await rawRpc(edge.url, 'eth_chainId', [])).result).toBe('0x1092')
  const [funded] = deriveDevAccounts(MNEMONIC, 1)
  expect((await rawRpc(edge.url, 'eth_getBalance', [funded.address, 'latest'])).result).toBe(
    `0x${(77n * 10n ** 18n).toString(16)}`,
  )
  // A state edit and a sealed block later, the edge's replica holds the sequencer's root.
  await sequencer.dev({ op: 'setBalance', address: Buffer.from(funded.address.slice(2), 'hex'), value: 5n })
  const block = await sequencer.sealBlock()
  await vi.waitFor(() => expect(edge.replica.head().block).toBeGreaterThanOrEqual(block.header.number), {
    timeout: 10_000,
  })
  const seen = edge.replica.getBlockByNumber(block.header.number)
  expect(seen?.header.stateRoot).toEqual(block.header.stateRoot)
  expect(edge.replica.stateRoot()).toEqual(sequencer.latestBlock().header.stateRoot)
  expect(edge.replica.haltedBy()).toBeUndefined()
})

it('an edge refuses a genesis whose accounts do not match the state root of block 0', async () => {
  t = await startTestEdge()
  const { genesis } = t.sequencer
  const accounts = genesis.accounts.map((a, i) => (i === 0 ? { ...a, nonce: 9n } : a))
  const lying = await createLinkServer({
    config: { ...t.sequencer.config.link, port: 0 },
    backend: { ...t.sequencer, encodedGenesis: async () => encodeGenesis({ ...genesis, accounts }) },
  })
  try {
    await expect(createEdge({ rpc: { port: 0 }, sequencerUrl: lying.url })).rejects.toThrow(
      GenesisMismatchError,
    )
  } finally {
    await lying.close()
  }
})
