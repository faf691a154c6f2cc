import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { freePort } from '@rtevm/testkit'
import { afterEach, expect, it, vi } from 'vitest'
import { rawRpc, testDevAccounts } from './edgeTestSupport.ts'

const root = fileURLToPath(new URL('../../..', import.meta.url))
let devnet: ChildProcess | undefined

afterEach(() => {
  devnet?.kill('SIGKILL')
  devnet = undefined
})

it('pnpm start brings up the whole devnet: sends, finality, and a clean Ctrl-C', {
  timeout: 120_000,
}, async () => {
  const [rpcPort, linkPort, fullNodePort, indexerPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ]
  devnet = spawn(process.execPath, ['scripts/devnet.mjs'], {
    cwd: root,
    env: {
      ...process.env,
      RTEVM_RPC_PORT: String(rpcPort),
      RTEVM_LINK_PORT: String(linkPort),
      RTEVM_FULLNODE_PORT: String(fullNodePort),
      RTEVM_BLOCK_TIME: '200',
      RTEVM_INDEXER_PORT: String(indexerPort),
      // The apps have tests of their own; building them here would only slow this one.
      RTEVM_EXPLORER: 'off',
      RTEVM_PLAYGROUND: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  devnet.stdout!.on('data', (chunk) => {
    output += chunk
  })
  devnet.stderr!.on('data', (chunk) => {
    output += chunk
  })
  await vi.waitFor(() => expect(output).toContain('rtevm devnet: up.'), { timeout: 90_000, interval: 100 })
  const dataDir = /data in (\S+)\)/.exec(output)?.[1]
  expect(dataDir && existsSync(dataDir)).toBe(true)

  const url = `http://127.0.0.1:${rpcPort}`
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

  const exited = new Promise<number | null>((resolve) => devnet!.once('exit', (code) => resolve(code)))
  devnet.kill('SIGINT')
  expect(await exited).toBe(0)
  devnet = undefined
  // The fresh data directory of this start is removed on the way out.
  expect(existsSync(dataDir!)).toBe(false)
})
