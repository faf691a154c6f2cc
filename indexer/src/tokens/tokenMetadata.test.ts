import { PGlite } from '@electric-sql/pglite'
import { createEdge } from '@rtevm/rpc-edge'
import { type Address, hexToBytes } from 'viem'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createIndexer } from '../follower/createIndexer.ts'
import { startTestChain, type TestChain } from '../follower/indexerTestSupport.ts'
import { compileTokenTestContracts } from './tokenTestContracts.fixture.ts'

const WAIT = { timeout: 15_000, interval: 10 }
const { coin, nft } = compileTokenTestContracts()

let chain: TestChain | undefined
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  await chain?.close()
  chain = undefined
})

describe('token metadata', () => {
  it('reads name, symbol and decimals through a real rpc-edge after the first commit; absent methods stay null', async () => {
    chain = await startTestChain()
    const edge = await createEdge({
      rpc: { port: 0 },
      sequencerUrl: chain.link.url,
    })
    cleanups.push(() => edge.close())
    await edge.whenReady()
    const db = await PGlite.create()
    cleanups.push(() => db.close())
    const errors: string[] = []
    const indexer = await createIndexer({
      db,
      sequencerUrl: chain.link.url,
      rpcUrl: edge.url,
      onError: (error) => errors.push(error.code),
    })
    cleanups.push(() => indexer.close())
    await indexer.ready()

    const { address: erc20 } = await chain.deploy(0, coin, [5n])
    const { address: erc721 } = await chain.deploy(0, nft)
    await chain.call(0, erc721, nft.abi, 'mint', [chain.accounts[1], 9n])
    // node's test token has no name, symbol or decimals.
    const { address: bare } = await chain.deployToken(1, 10n)
    await chain.sequencer.sealBlock()
    const head = chain.sequencer.events.head()
    await vi.waitFor(() => expect(indexer.committedSeq() >= head).toBe(true), WAIT)
    await indexer.metadataIdle()

    const metadata = async (token: Address) => {
      const { rows } = await db.query<{
        name: string | null
        symbol: string | null
        decimals: number | null
      }>('select name, symbol, decimals from tokens where address = $1', [hexToBytes(token)])
      return rows[0]
    }
    expect(await metadata(erc20)).toEqual({ name: 'Test Coin', symbol: 'TCOIN', decimals: 6 })
    expect(await metadata(erc721)).toEqual({ name: 'Test Nft', symbol: 'TNFT', decimals: null })
    expect(await metadata(bare)).toEqual({ name: null, symbol: null, decimals: null })
    // Absent methods are not failures.
    expect(errors.filter((code) => code.startsWith('INDEXER_TOKEN'))).toEqual([])
  })
})
