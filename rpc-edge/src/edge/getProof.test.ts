import { createPublicClient, createWalletClient, http, keccak256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge, testChainConfig, testDevAccounts } from './edgeTestSupport.ts'

let running: TestEdge | undefined
afterEach(async () => {
  await running?.close()
  running = undefined
})

describe('eth_getProof', () => {
  it('proves an account against the newest sealed block, and against older blocks from the state history', async () => {
    running = await startTestEdge()
    const chain = {
      id: Number(testChainConfig.chainId),
      name: 'rtevm',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [running.edge.url] } },
    }
    const client = createPublicClient({ chain, transport: http(running.edge.url) })
    const wallet = createWalletClient({
      chain,
      transport: http(running.edge.url),
      account: privateKeyToAccount(testDevAccounts[0].privateKey),
    })
    const recipient = testDevAccounts[1].address
    const hash = await wallet.sendTransaction({ to: recipient, value: 12345n })
    const receipt = await client.waitForTransactionReceipt({ hash })
    // Proofs are against sealed blocks: wait for the one that includes the transfer.
    await expect
      .poll(async () => (await client.getBlock({ blockTag: 'latest' })).number, { timeout: 3000 })
      .toBeGreaterThanOrEqual(receipt.blockNumber)
    const proof = await client.getProof({ address: recipient, storageKeys: ['0x0'] })
    expect(proof.balance).toBe(await client.getBalance({ address: recipient }))
    // Blocks seal every 100 ms here: the proof's root is one of the newest blocks' state roots.
    const newest = await client.getBlockNumber()
    const roots = await Promise.all(
      [0n, 1n, 2n, 3n]
        .filter((back) => back <= newest)
        .map(async (back) => (await client.getBlock({ blockNumber: newest - back })).stateRoot),
    )
    expect(roots).toContain(keccak256(proof.accountProof[0]))
    expect(proof.storageProof[0].value).toBe(0n)

    // An older block's proof: its trie is rebuilt from the state history, and proves that block's root.
    const genesis = await client.getBlock({ blockNumber: 0n })
    const old = await client.getProof({ address: recipient, storageKeys: ['0x0'], blockNumber: 0n })
    expect(keccak256(old.accountProof[0])).toBe(genesis.stateRoot)
    expect(old.balance).toBe(await client.getBalance({ address: recipient, blockNumber: 0n }))
    const mid = receipt.blockNumber
    const atMid = await client.getProof({ address: recipient, storageKeys: [], blockNumber: mid })
    expect(keccak256(atMid.accountProof[0])).toBe((await client.getBlock({ blockNumber: mid })).stateRoot)
    expect(atMid.balance).toBe(await client.getBalance({ address: recipient, blockNumber: mid }))
  })
})
