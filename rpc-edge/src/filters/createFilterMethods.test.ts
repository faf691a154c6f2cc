import { compileTestContracts } from '@rtevm/testkit'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hash,
  http,
  parseAbiItem,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import {
  createBlockFilter,
  createEventFilter,
  createPendingTransactionFilter,
  getFilterChanges,
  getFilterLogs,
  uninstallFilter,
} from 'viem/actions'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEdge } from '../edge/createEdge.ts'
import { rawRpc, startTestEdge, type TestEdge, testDevAccounts } from '../edge/edgeTestSupport.ts'

const [dev0, dev1] = testDevAccounts
const { token } = compileTestContracts()
const transferEvent = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)')

let t: TestEdge
beforeEach(async () => {
  t = await startTestEdge()
})
afterEach(async () => {
  await t.close()
})

function clients(url = t.edge.url) {
  const chain = defineChain({
    id: 31337,
    name: 'rtevm test',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  })
  const transport = http(url, { retryCount: 0 })
  return {
    publicClient: createPublicClient({ chain, transport, pollingInterval: 20 }),
    walletClient: createWalletClient({
      chain,
      transport,
      account: privateKeyToAccount(dev0.privateKey),
      pollingInterval: 20,
    }),
  }
}

/** Polls `read` until `done` holds, collecting everything it returned. */
async function pollUntil<T>(read: () => Promise<T[]>, done: (all: T[]) => boolean, ms = 5_000): Promise<T[]> {
  const all: T[] = []
  const deadline = Date.now() + ms
  while (!done(all)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms; got ${all.length} changes`)
    all.push(...(await read()))
    await new Promise((r) => setTimeout(r, 20))
  }
  return all
}

async function deployToken(): Promise<Address> {
  const { publicClient, walletClient } = clients()
  const hash = await walletClient.deployContract({ abi: token.abi, bytecode: token.bytecode, args: [1_000n] })
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  return receipt.contractAddress as Address
}

describe('the filter family on the edge', () => {
  it('a block filter returns sealed block hashes, each a block the edge serves', async () => {
    const { publicClient } = clients()
    const filter = await createBlockFilter(publicClient)
    expect(filter.id).toMatch(/^0x[0-9a-f]+$/)
    const hashes = await pollUntil(
      () => getFilterChanges(publicClient, { filter }),
      (all) => all.length >= 2,
    )
    for (const hash of hashes) {
      const block = await publicClient.getBlock({ blockHash: hash })
      expect(block.hash).toBe(hash)
    }
    expect(await uninstallFilter(publicClient, { filter })).toBe(true)
    expect(await uninstallFilter(publicClient, { filter })).toBe(false)
  })

  it('a pending-transaction filter returns tx hashes as mini-blocks arrive', async () => {
    const { publicClient, walletClient } = clients()
    const filter = await createPendingTransactionFilter(publicClient)
    const sent: Hash[] = []
    for (let i = 0; i < 3; i++) sent.push(await walletClient.sendTransaction({ to: dev1.address, value: 1n }))
    const seen = await pollUntil(
      () => getFilterChanges(publicClient, { filter }),
      (all) => sent.every((h) => all.includes(h)),
    )
    expect(seen).toEqual(sent)
  })

  it('event filters follow eth_getLogs: changes per sealed block, getFilterLogs over the range', async () => {
    const { publicClient, walletClient } = clients()
    const address = await deployToken()
    const filter = await createEventFilter(publicClient, {
      address,
      event: transferEvent,
      args: { to: dev1.address },
      fromBlock: 0n,
    })
    const unrelated = await createEventFilter(publicClient, {
      address: '0x00000000000000000000000000000000000000aa',
      event: transferEvent,
    })
    const hash = await walletClient.writeContract({
      address,
      abi: token.abi,
      functionName: 'transfer',
      args: [dev1.address, 7n],
    })
    const changes = await pollUntil(
      () => getFilterChanges(publicClient, { filter }),
      (all) => all.length > 0,
    )
    expect(changes).toHaveLength(1)
    expect(changes[0].transactionHash).toBe(hash)
    expect(changes[0].args).toEqual({ from: dev0.address, to: dev1.address, value: 7n })
    // Only sealed blocks feed non-pending filters: the hash is the sealed block's.
    const block = await publicClient.getBlock({ blockHash: changes[0].blockHash as Hash })
    expect(block.transactions).toContain(hash)

    // fromBlock 0: the mint (to dev0) does not match `to: dev1`; the transfer does.
    const logs = await getFilterLogs(publicClient, { filter })
    expect(logs.map((l) => l.transactionHash)).toEqual([hash])
    expect(await getFilterChanges(publicClient, { filter: unrelated })).toEqual([])
  })

  it('a filter with a "pending" bound gets logs per mini-block, before the block seals', async () => {
    const { walletClient } = clients()
    const address = await deployToken()
    const id = (await rawRpc(t.edge.url, 'eth_newFilter', [{ address, fromBlock: 'pending' }]))
      .result as string
    const hash = await walletClient.writeContract({
      address,
      abi: token.abi,
      functionName: 'transfer',
      args: [dev1.address, 1n],
    })
    // The send resolved once this edge applied the mini-block: the log is already buffered.
    const changes = (await rawRpc(t.edge.url, 'eth_getFilterChanges', [id])).result as {
      transactionHash: string
    }[]
    expect(changes.map((l) => l.transactionHash)).toEqual([hash])
  })

  it('error paths: unknown id is -32000 "filter not found", bad params -32602', async () => {
    const url = t.edge.url
    const unknown = `0x${'ab'.repeat(16)}`
    for (const method of ['eth_getFilterChanges', 'eth_getFilterLogs']) {
      const answer = await rawRpc(url, method, [unknown])
      expect(answer.error).toEqual({ code: -32000, message: 'filter not found' })
    }
    expect((await rawRpc(url, 'eth_uninstallFilter', [unknown])).result).toBe(false)
    const uninstalled = (await rawRpc(url, 'eth_newBlockFilter', [])).result as string
    expect((await rawRpc(url, 'eth_uninstallFilter', [uninstalled])).result).toBe(true)
    expect((await rawRpc(url, 'eth_getFilterChanges', [uninstalled])).error?.message).toBe('filter not found')
    // eth_getFilterLogs is for log filters only.
    const blocks = (await rawRpc(url, 'eth_newBlockFilter', [])).result as string
    expect((await rawRpc(url, 'eth_getFilterLogs', [blocks])).error?.code).toBe(-32000)

    expect((await rawRpc(url, 'eth_getFilterChanges', ['nope'])).error?.code).toBe(-32602)
    expect((await rawRpc(url, 'eth_getFilterChanges', [])).error?.code).toBe(-32602)
    expect((await rawRpc(url, 'eth_newFilter', [{ address: '0x12' }])).error?.code).toBe(-32602)
    const byHash = await rawRpc(url, 'eth_newFilter', [{ blockHash: `0x${'00'.repeat(32)}` }])
    expect(byHash.error?.code).toBe(-32602)
    expect((await rawRpc(url, 'eth_newBlockFilter', [1])).error?.code).toBe(-32602)
  })

  it('limits: filters per edge, buffered changes (the filter is dropped), expiry when not polled', async () => {
    const limited = await createEdge({
      rpc: { port: 0 },
      sequencerUrl: t.link.url,
      edge: { maxFilters: 2, maxFilterChanges: 2, filterExpiryMs: 400 },
    })
    try {
      await limited.whenReady()
      const url = limited.url
      const overflowing = (await rawRpc(url, 'eth_newBlockFilter', [])).result as string
      const installedAt = Date.now()
      const installedHead = limited.replica.head().block
      const idle = (await rawRpc(url, 'eth_newPendingTransactionFilter', [])).result as string
      const third = await rawRpc(url, 'eth_newBlockFilter', [])
      expect(third.error).toEqual({
        code: -32005,
        message: 'too many filters: this edge holds at most 2; uninstall unused ones',
      })
      // Three sealed blocks, unpolled, overflow a buffer of two.
      while (limited.replica.head().block < installedHead + 3n) await new Promise((r) => setTimeout(r, 10))
      const dropped = await rawRpc(url, 'eth_getFilterChanges', [overflowing])
      expect(dropped.error?.code).toBe(-32005)
      expect(dropped.error?.message).toMatch(/was dropped: more than 2 changes buffered since its last poll/)
      expect((await rawRpc(url, 'eth_getFilterChanges', [overflowing])).error?.message).toBe(
        'filter not found',
      )
      // The pending filter saw no transactions, so it did not overflow; unpolled past 400 ms it expired.
      await new Promise((r) => setTimeout(r, Math.max(0, installedAt + 500 - Date.now())))
      expect((await rawRpc(url, 'eth_getFilterChanges', [idle])).error?.message).toBe('filter not found')
    } finally {
      await limited.close()
    }
  })
})
