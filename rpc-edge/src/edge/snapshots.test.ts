import { compileTestContracts } from '@rtevm/testkit'
import { type Address, parseEther } from 'viem'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { rawRpc, startTestEdge, type TestEdge, testDevAccounts, viemClients } from './edgeTestSupport.ts'

const [dev0, dev1] = testDevAccounts
const { token } = compileTestContracts()
const STRANGER: Address = '0x00000000000000000000000000000000000b0b00'

let t: TestEdge
beforeEach(async () => {
  // No block timer: blocks are sealed by the test (and by the snapshot itself).
  t = await startTestEdge({}, { blockIntervalMs: 2 ** 31 - 1 })
})
afterEach(async () => {
  await t.close()
})

describe('evm_snapshot / evm_revert through the edge', () => {
  it("viem's testClient snapshot and revert: balances, nonces, code, blocks and time come back", async () => {
    const { publicClient, walletClient, testClient } = viemClients(t.edge.url)
    await walletClient.sendTransaction({ to: STRANGER, value: 1n })
    const id = await testClient.snapshot()
    expect(id).toMatch(/^0x[0-9a-f]+$/)
    const at = await publicClient.getBlock({ blockTag: 'latest' })

    const deployed = await publicClient.waitForTransactionReceipt({
      hash: await walletClient.deployContract({ abi: token.abi, bytecode: token.bytecode, args: [5n] }),
    })
    await walletClient.sendTransaction({ to: STRANGER, value: parseEther('1') })
    await testClient.increaseTime({ seconds: 86_400 })
    await testClient.mine({ blocks: 2 })
    expect(await publicClient.getBlockNumber({ cacheTime: 0 })).toBeGreaterThan(at.number)

    await testClient.revert({ id })
    expect(await publicClient.getBlockNumber({ cacheTime: 0 })).toBe(at.number)
    expect((await publicClient.getBlock({ blockTag: 'latest' })).hash).toBe(at.hash)
    expect(await publicClient.getBalance({ address: STRANGER })).toBe(1n)
    expect(await publicClient.getTransactionCount({ address: dev0.address })).toBe(1)
    expect(await publicClient.getCode({ address: deployed.contractAddress as Address })).toBeUndefined()
    expect(
      await publicClient.getTransactionReceipt({ hash: deployed.transactionHash }).catch(() => null),
    ).toBeNull()
    // The id is spent; an unknown id answers false, as anvil does.
    expect((await rawRpc(t.edge.url, 'evm_revert', [id])).result).toBe(false)

    // The chain goes on from the snapshot: the same number again, a new block, the clock not a day ahead.
    await walletClient.sendTransaction({ to: STRANGER, value: 2n })
    await testClient.mine({ blocks: 1 })
    const next = await publicClient.getBlock({ blockTag: 'latest' })
    expect(next.number).toBe(at.number + 1n)
    expect(next.parentHash).toBe(at.hash)
    expect(next.timestamp).toBeLessThan(at.timestamp + 86_400n)
    expect(await publicClient.getBalance({ address: STRANGER })).toBe(3n)
    // State at the older blocks is still served after the rewind.
    expect(await publicClient.getBalance({ address: STRANGER, blockNumber: at.number })).toBe(1n)
  })

  it('logs subscribers and log filters get the abandoned logs again with removed: true', async () => {
    const { publicClient, walletClient, testClient } = viemClients(t.edge.url)
    const deployed = await publicClient.waitForTransactionReceipt({
      hash: await walletClient.deployContract({ abi: token.abi, bytecode: token.bytecode, args: [1_000n] }),
    })
    const address = deployed.contractAddress as Address
    const id = await testClient.snapshot()

    const socket = new WebSocket(t.edge.wsUrl)
    await new Promise((resolve) => socket.once('open', resolve))
    const notes: { removed: boolean; transactionHash: string }[] = []
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        params?: { result: { removed: boolean; transactionHash: string } }
      }
      if (message.params) notes.push(message.params.result)
    })
    socket.send(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['logs', { address }] }),
    )
    socket.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'eth_subscribe',
        params: ['logs', { address, fromBlock: 'pending', toBlock: 'pending' }],
      }),
    )
    const filter = (await rawRpc(t.edge.url, 'eth_newFilter', [{ address }])).result as string
    await new Promise((resolve) => setTimeout(resolve, 50))
    const hash = await walletClient.writeContract({
      address,
      abi: token.abi,
      functionName: 'transfer',
      args: [dev1.address, 7n],
    })
    await publicClient.waitForTransactionReceipt({ hash })
    await testClient.mine({ blocks: 1 })
    await vi.waitFor(() => expect(notes).toHaveLength(2)) // pending, then sealed

    await testClient.revert({ id })
    await vi.waitFor(() => expect(notes).toHaveLength(4))
    socket.close()
    expect(notes.slice(2).map((note) => [note.transactionHash, note.removed])).toEqual([
      [hash, true],
      [hash, true],
    ])
    // A polling filter sees the log come and go, as after a reorg in geth.
    const changes = (await rawRpc(t.edge.url, 'eth_getFilterChanges', [filter])).result as {
      transactionHash: string
      removed: boolean
    }[]
    expect(changes.map((log) => [log.transactionHash, log.removed])).toEqual([
      [hash, false],
      [hash, true],
    ])
  })
})
