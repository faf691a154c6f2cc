import { existsSync } from 'node:fs'
import { type Devnet, startDevnet } from '@rtevm/testkit'
import { afterEach, expect, it, vi } from 'vitest'
import { rawRpc, testDevAccounts } from './edgeTestSupport.ts'

let devnet: Devnet | undefined

afterEach(async () => {
  await devnet?.stop()
  devnet = undefined
})

it('pnpm start brings up the whole devnet: sends, finality, and a clean Ctrl-C', {
  timeout: 120_000,
}, async () => {
  // The apps have tests of their own; startDevnet switches them off.
  devnet = await startDevnet({ RTEVM_BLOCK_TIME: '200', DATABASE_URL: process.env.DATABASE_URL ?? '' })
  const output = devnet.output()
  expect(output).toContain('rtevm devnet: up.')
  const dataDir = /data in (\S+)\)/.exec(output)?.[1]
  expect(dataDir && existsSync(dataDir)).toBe(true)

  const url = devnet.rpcUrl
  expect((await rawRpc(url, 'eth_chainId', [])).result).toBe('0x7a69')
  const sent = await rawRpc(url, 'eth_sendTransactionSync', [
    { from: testDevAccounts[0].address, to: testDevAccounts[1].address, value: '0x1' },
  ])
  expect(sent.result).toMatchObject({ status: '0x1' })
  // The verifier pool attests blocks as they seal: finality follows the chain.
  await vi.waitFor(
    async () => {
      const finalized = (await rawRpc(url, 'eth_getBlockByNumber', ['finalized', false])).result as {
        number: string
      }
      expect(BigInt(finalized.number)).toBeGreaterThan(2n)
    },
    { timeout: 20_000, interval: 200 },
  )

  const stopping = devnet.stop() // Ctrl-C
  devnet = undefined
  expect(await stopping).toBe(0)
  // The fresh data directory of this start is removed on the way out.
  expect(existsSync(dataDir!)).toBe(false)
})
