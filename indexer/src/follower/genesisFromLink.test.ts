import { createLinkServer, deriveDevAccounts, GenesisMismatchError } from '@rtevm/node'
import { encodeGenesis } from '@rtevm/protocol'
import { bytesToHex } from 'viem'
import { afterEach, expect, it, vi } from 'vitest'
import { openIndexerStore } from '../database/openIndexerStore.ts'
import { createIndexer } from './createIndexer.ts'
import { startTestChain, type TestChain } from './indexerTestSupport.ts'

const MNEMONIC =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const cleanups: Array<() => Promise<unknown> | unknown> = []
let chain: TestChain | undefined

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  await chain?.close()
  chain = undefined
})

it('an indexer with no chain options seeds its accounts from the genesis the sequencer serves and follows it', async () => {
  chain = await startTestChain({
    chainId: 4242n,
    mnemonic: MNEMONIC,
    devAccountCount: 3,
    devAccountBalance: 77n * 10n ** 18n,
    alloc: [],
  })
  const db = await openIndexerStore({ kind: 'pglite', dataDir: undefined })
  cleanups.push(() => db.close())
  const indexer = await createIndexer({ db, sequencerUrl: chain.link.url })
  cleanups.push(() => indexer.close())
  await indexer.ready()
  const { rows } = await db.query<{ address: Uint8Array; balance: string }>(
    'select address, balance::text as balance from accounts order by address',
  )
  const expected = deriveDevAccounts(MNEMONIC, 3).map((a) => a.address.toLowerCase())
  expect(rows.map((r) => bytesToHex(r.address)).sort()).toEqual(expected.sort())
  expect(new Set(rows.map((r) => r.balance))).toEqual(new Set([String(77n * 10n ** 18n)]))
  await chain.sendEth(0, chain.sequencer.devAccounts[1].address, 1n)
  await chain.sequencer.sealBlock()
  const head = chain.sequencer.events.head()
  await vi.waitFor(() => expect(indexer.committedSeq() >= head).toBe(true), { timeout: 10_000 })
})

it('an indexer refuses a genesis whose accounts do not match the state root of block 0', async () => {
  chain = await startTestChain()
  const { genesis } = chain.sequencer
  const accounts = genesis.accounts.slice(1)
  const lying = await createLinkServer({
    config: { ...chain.sequencer.config.link, port: 0 },
    backend: { ...chain.sequencer, encodedGenesis: async () => encodeGenesis({ ...genesis, accounts }) },
  })
  cleanups.push(() => lying.close())
  const db = await openIndexerStore({ kind: 'pglite', dataDir: undefined })
  cleanups.push(() => db.close())
  await expect(createIndexer({ db, sequencerUrl: lying.url })).rejects.toThrow(GenesisMismatchError)
  // Nothing was written: the database has no schema yet.
  await expect(db.query('select seq from cursor')).rejects.toThrow()
})
