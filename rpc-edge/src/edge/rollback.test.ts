import { type Address, type Hex, parseGwei } from 'viem'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { rawRpc, startTestEdge, type TestEdge, testDevAccounts, viemClients } from './edgeTestSupport.ts'

const [dev0, dev1] = testDevAccounts
const STRANGER: Address = '0x00000000000000000000000000000000000b0b00'
const PAYEE: Address = '0x00000000000000000000000000000000000c0c00'

let t: TestEdge
beforeEach(async () => {
  // No block timer: blocks are sealed by the test.
  t = await startTestEdge({}, { blockIntervalMs: 2 ** 31 - 1 })
})
afterEach(async () => {
  await t.close()
})

/** `values.length` blocks, each with one transfer of its value to STRANGER. */
async function blocksPaying(values: bigint[]) {
  const { publicClient, walletClient, testClient } = viemClients(t.edge.url)
  for (const value of values) {
    await walletClient.sendTransaction({ to: STRANGER, value })
    await testClient.mine({ blocks: 1 })
  }
  return publicClient.getBlock({ blockTag: 'latest' })
}

describe('anvil_rollback / anvil_reorg through the edge', () => {
  it('anvil_rollback goes back a number of blocks (1 by default) and the chain grows from there', async () => {
    const { publicClient, walletClient } = viemClients(t.edge.url)
    const head = await blocksPaying([1n, 10n, 100n])
    expect((await rawRpc(t.edge.url, 'anvil_rollback', [2])).result).toBeNull()
    expect(await publicClient.getBlockNumber({ cacheTime: 0 })).toBe(head.number - 2n)
    expect(await publicClient.getBalance({ address: STRANGER })).toBe(1n)
    expect(await publicClient.getTransactionCount({ address: dev0.address })).toBe(1)
    expect((await rawRpc(t.edge.url, 'anvil_rollback', [])).result).toBeNull()
    expect(await publicClient.getBlockNumber({ cacheTime: 0 })).toBe(head.number - 3n)
    expect(await publicClient.getBalance({ address: STRANGER })).toBe(0n)
    // The nonce is free again.
    const receipt = await publicClient.waitForTransactionReceipt({
      hash: await walletClient.sendTransaction({ to: STRANGER, value: 5n }),
    })
    expect(receipt.status).toBe('success')
    const beyond = await rawRpc(t.edge.url, 'anvil_rollback', [1000])
    expect(beyond.error?.message).toMatch(/can roll back 1 to \d+ blocks/)
  })

  it("anvil_reorg replaces blocks with new ones holding anvil's [transaction, block] pairs", async () => {
    const { publicClient } = viemClients(t.edge.url)
    const head = await blocksPaying([1n, 10n, 100n])
    // A signed transaction, from dev1, as anvil takes raw bytes.
    const raw = await viemClients(t.edge.url, dev1.privateKey).walletClient.signTransaction({
      to: STRANGER,
      value: 1000n,
      nonce: 0,
      gas: 21_000n,
      maxFeePerGas: parseGwei('3'),
      maxPriorityFeePerGas: 0n,
    })
    const pairs = [
      [{ from: dev0.address, to: STRANGER, value: '0x14' }, 1],
      [{ from: dev0.address, to: STRANGER, value: '0x1e' }, 1],
      [raw, 0],
    ]
    const answer = await rawRpc(t.edge.url, 'anvil_reorg', [2, pairs])
    expect(answer.error).toBeUndefined()
    const newHead = await publicClient.getBlock({ blockTag: 'latest', includeTransactions: true })
    expect(newHead.number).toBe(head.number)
    expect(newHead.hash).not.toBe(head.hash)
    expect(newHead.transactions).toHaveLength(2)
    // Nonces were counted from the rollback point: dev0 had sent one transfer there.
    expect(newHead.transactions.map((tx) => tx.nonce)).toEqual([1, 2])
    expect(await publicClient.getBalance({ address: STRANGER })).toBe(1n + 20n + 30n + 1000n)

    const bad = await rawRpc(t.edge.url, 'anvil_reorg', [{ depth: 1, txBlockPairs: [[raw, 3]] }])
    expect(bad.error?.code).toBe(-32602)
  })
})

describe('anvil_setCoinbase / anvil_setNextBlockBaseFeePerGas through the edge', () => {
  it('eth_coinbase, fees and the next block follow them, under both names', async () => {
    const { publicClient, walletClient, testClient } = viemClients(t.edge.url)
    expect((await rawRpc(t.edge.url, 'anvil_setCoinbase', [PAYEE])).result).toBeNull()
    expect((await rawRpc(t.edge.url, 'eth_coinbase', [])).result).toBe(PAYEE)
    expect((await rawRpc(t.edge.url, 'hardhat_setCoinbase', [PAYEE])).result).toBe(true)
    expect((await rawRpc(t.edge.url, 'anvil_setNextBlockBaseFeePerGas', ['0x3b9aca00'])).result).toBeNull()
    expect((await rawRpc(t.edge.url, 'hardhat_setNextBlockBaseFeePerGas', ['0x2540be400'])).result).toBe(true)
    expect(await publicClient.getGasPrice()).toBeGreaterThanOrEqual(10_000_000_000n)
    // Below the new base fee: refused at the edge with the sequencer's error.
    await expect(
      walletClient.sendTransaction({
        to: STRANGER,
        value: 1n,
        maxFeePerGas: parseGwei('5'),
        maxPriorityFeePerGas: 1n,
      }),
    ).rejects.toThrow(/fee/i)
    // viem prices from the latest sealed block, which still has the old base fee: say it here.
    const hash = await walletClient.sendTransaction({
      to: STRANGER,
      value: 1n,
      maxFeePerGas: parseGwei('20'),
      maxPriorityFeePerGas: 1n,
    })
    await publicClient.waitForTransactionReceipt({ hash })
    await testClient.mine({ blocks: 1 })
    const block = await publicClient.getBlock({ blockTag: 'latest' })
    expect(block.miner).toBe(PAYEE)
    expect(block.baseFeePerGas).toBe(10_000_000_000n)
    expect((await rawRpc(t.edge.url, 'eth_coinbase', [])).result).toBe(PAYEE)
    const history = (await rawRpc(t.edge.url, 'eth_feeHistory', [1, 'latest', []])).result as {
      baseFeePerGas: Hex[]
    }
    expect(history.baseFeePerGas.map(BigInt)).toEqual([10_000_000_000n, 10_000_000_000n])
  })
})
