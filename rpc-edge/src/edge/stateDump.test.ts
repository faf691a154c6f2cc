import { gunzipSync, gzipSync } from 'node:zlib'
import { compileTestContracts } from '@rtevm/testkit'
import { type Address, type Hex, hexToBytes } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { startAnvil } from '../bench/peers/anvilPeer.ts'
import type { PeerProcess } from '../bench/peers/peerProcess.ts'
import { rawRpc, startTestEdge, type TestEdge, testDevAccounts, viemClients } from './edgeTestSupport.ts'

const [dev0, dev1] = testDevAccounts
const { token } = compileTestContracts()
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function edge(): Promise<TestEdge> {
  const started = await startTestEdge()
  cleanups.push(() => started.close())
  return started
}

/** The account lines of an rtevm dump, sorted: what two states must share to be equal. */
function accountLines(dump: string): string[] {
  const lines = gunzipSync(hexToBytes(dump as Hex))
    .toString('utf8')
    .trim()
    .split('\n')
  expect(JSON.parse(lines[0])).toMatchObject({ format: 'rtevm-state', version: 1 })
  return lines.slice(1).sort()
}

async function deployAndUse(url: string): Promise<Address> {
  const { publicClient, walletClient } = viemClients(url)
  const deployed = await publicClient.waitForTransactionReceipt({
    hash: await walletClient.deployContract({ abi: token.abi, bytecode: token.bytecode, args: [1_000n] }),
  })
  const address = deployed.contractAddress as Address
  await publicClient.waitForTransactionReceipt({
    hash: await walletClient.writeContract({
      address,
      abi: token.abi,
      functionName: 'transfer',
      args: [dev1.address, 7n],
    }),
  })
  return address
}

describe('anvil_dumpState / anvil_loadState', () => {
  it('a dump loaded into a fresh chain gives the same accounts, code and storage', async () => {
    const from = await edge()
    const address = await deployAndUse(from.edge.url)
    const dump = (await rawRpc(from.edge.url, 'anvil_dumpState', [])).result as string

    const to = await edge()
    expect((await rawRpc(to.edge.url, 'anvil_loadState', [dump])).result).toBe(true)
    const reloaded = (await rawRpc(to.edge.url, 'anvil_dumpState', [])).result as string
    expect(accountLines(reloaded)).toEqual(accountLines(dump))
    const { publicClient } = viemClients(to.edge.url)
    expect(
      await publicClient.readContract({
        address,
        abi: token.abi,
        functionName: 'balanceOf',
        args: [dev1.address],
      }),
    ).toBe(7n)
    expect(to.edge.replica.haltedBy()).toBeUndefined()
  })

  it("loads anvil's own dump, and refuses a newer version or junk with a message", async () => {
    const anvil: PeerProcess = await startAnvil()
    cleanups.push(() => anvil.close())
    const address = await deployAndUse(anvil.url)
    const anvilDump = (await rawRpc(anvil.url, 'anvil_dumpState', [])).result as string

    const to = await edge()
    expect((await rawRpc(to.edge.url, 'anvil_loadState', [anvilDump])).result).toBe(true)
    const { publicClient } = viemClients(to.edge.url)
    expect(
      await publicClient.readContract({
        address,
        abi: token.abi,
        functionName: 'balanceOf',
        args: [dev1.address],
      }),
    ).toBe(7n)
    expect(await publicClient.getTransactionCount({ address: dev0.address })).toBe(2)

    const newer = `0x${gzipSync(`${JSON.stringify({ format: 'rtevm-state', version: 99 })}\n`).toString('hex')}`
    const refused = await rawRpc(to.edge.url, 'anvil_loadState', [newer])
    expect(refused.error?.message).toMatch(/version 99; this rtevm reads versions up to 1/)
    const junk = await rawRpc(to.edge.url, 'anvil_loadState', ['0x1f8b0000'])
    expect(junk.error?.message).toMatch(/invalid state dump/)
  })
})
