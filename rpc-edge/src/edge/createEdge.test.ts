import type { LinkServer, Sequencer } from '@rtevm/node'
import { compileTestContracts } from '@rtevm/testkit'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  http,
  parseEther,
  verifyMessage,
  verifyTypedData,
  webSocket,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { sendRawTransactionSync } from 'viem/actions'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createEdge, type Edge } from './createEdge.ts'
import { startTestEdge, type TestEdge, testDevAccounts } from './edgeTestSupport.ts'

const [dev0, dev1] = testDevAccounts
const account = privateKeyToAccount(dev0.privateKey)
const { token, probe } = compileTestContracts()

let running: TestEdge
let sequencer: Sequencer
let link: LinkServer
let edge: Edge

beforeEach(async () => {
  running = await startTestEdge()
  ;({ sequencer, link, edge } = running)
})

afterEach(async () => {
  await running.close()
})

const chainOf = (edge: Edge) =>
  defineChain({
    id: 31337,
    name: 'rtevm test',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [edge.url], webSocket: [edge.wsUrl] } },
  })

function clients() {
  const chain = chainOf(edge)
  const transport = http(edge.url, { retryCount: 0 })
  return {
    chain,
    publicClient: createPublicClient({ chain, transport, pollingInterval: 20 }),
    walletClient: createWalletClient({ chain, transport, account, pollingInterval: 20 }),
  }
}

async function deployToken(): Promise<Address> {
  const { publicClient, walletClient } = clients()
  const hash = await walletClient.deployContract({
    abi: token.abi,
    bytecode: token.bytecode,
    args: [1_000_000n],
  })
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  expect(receipt.status).toBe('success')
  return receipt.contractAddress as Address
}

describe('the edge against a real sequencer over the link', () => {
  it('answers reads over http and webSocket, and is ready', async () => {
    const { publicClient, chain } = clients()
    expect(await publicClient.getBalance({ address: dev0.address })).toBe(10_000n * 10n ** 18n)
    expect(await publicClient.getTransactionCount({ address: dev0.address })).toBe(0)
    const ws = createPublicClient({ chain, transport: webSocket(edge.wsUrl, { reconnect: false }) })
    try {
      expect(await ws.getBalance({ address: dev1.address })).toBe(10_000n * 10n ** 18n)
      const number = await ws.getBlockNumber()
      const block = await ws.getBlock({ blockNumber: number })
      expect(block.number).toBe(number)
      expect(await publicClient.getChainId()).toBe(31337)
    } finally {
      const { socket } = await ws.transport.getRpcClient()
      socket.close()
    }
    const ready = await fetch(`${edge.url}/ready`)
    expect(ready.status).toBe(200)
  })

  it('sends with a local account, waits for the receipt, and reads the ERC-20 through eth_call and logs', async () => {
    const { publicClient, walletClient } = clients()
    const address = await deployToken()
    const balance = await publicClient.readContract({
      address,
      abi: token.abi,
      functionName: 'balanceOf',
      args: [dev0.address],
    })
    expect(balance).toBe(1_000_000n)
    const gas = await publicClient.estimateGas({
      account: dev0.address,
      to: address,
      data: encodeFunctionData({ abi: token.abi, functionName: 'transfer', args: [dev1.address, 5n] }),
    })
    expect(gas).toBeGreaterThan(21_000n)
    const hash = await walletClient.writeContract({
      address,
      abi: token.abi,
      functionName: 'transfer',
      args: [dev1.address, 5n],
    })
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    const logs = await publicClient.getLogs({ address, fromBlock: 0n, toBlock: 'latest' })
    expect(logs).toHaveLength(2) // the mint and the transfer
    expect(logs[1].transactionHash).toBe(hash)
    expect(await publicClient.getTransactionCount({ address: dev0.address })).toBe(2)
  })

  it('sendRawTransactionSync returns the receipt', async () => {
    const { publicClient, walletClient } = clients()
    const request = await walletClient.prepareTransactionRequest({ to: dev1.address, value: parseEther('1') })
    const serialized = await walletClient.signTransaction(request)
    const receipt = await sendRawTransactionSync(publicClient, { serializedTransaction: serialized })
    expect(receipt.status).toBe('success')
    expect(receipt.from.toLowerCase()).toBe(dev0.address.toLowerCase())
    const again = await publicClient.getTransactionReceipt({ hash: receipt.transactionHash })
    expect(again.status).toBe('success')
  })

  it('eth_sendTransaction from an unlocked dev account', async () => {
    const { publicClient } = clients()
    const wallet = createWalletClient({ chain: chainOf(edge), transport: http(edge.url) })
    const accounts = await wallet.getAddresses()
    expect(accounts[0].toLowerCase()).toBe(dev0.address.toLowerCase())
    const hash = await wallet.sendTransaction({
      account: dev1.address,
      to: dev0.address,
      value: 7n,
      chain: null,
    })
    const receipt = await publicClient.getTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    const signature = await wallet.signMessage({ account: dev1.address, message: 'hello' })
    expect(await verifyMessage({ address: dev1.address, message: 'hello', signature })).toBe(true)
  })

  it('watchBlocks over webSocket delivers new heads', async () => {
    const { chain } = clients()
    const ws = createPublicClient({ chain, transport: webSocket(edge.wsUrl, { reconnect: false }) })
    try {
      const block = await new Promise<bigint | null>((resolve, reject) => {
        const unwatch = ws.watchBlocks({
          onBlock: (b) => {
            unwatch()
            resolve(b.number)
          },
          onError: reject,
        })
      })
      expect(block).toBeGreaterThan(0n)
    } finally {
      const { socket } = await ws.transport.getRpcClient()
      socket.close()
    }
  })

  it('a revert through eth_call is code 3 with the revert data', async () => {
    const { publicClient, walletClient } = clients()
    const hash = await walletClient.deployContract({ abi: probe.abi, bytecode: probe.bytecode })
    const { contractAddress } = await publicClient.waitForTransactionReceipt({ hash })
    const response = await fetch(edge.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'eth_call',
        params: [
          {
            to: contractAddress,
            data: encodeFunctionData({ abi: probe.abi, functionName: 'fail', args: ['nope'] }),
          },
          'latest',
        ],
      }),
    })
    const body = (await response.json()) as { error: { code: number; message: string; data: string } }
    expect(body.error.code).toBe(3)
    expect(body.error.message).toBe('execution reverted: nope')
    expect(body.error.data.startsWith('0x08c379a0')).toBe(true)
  })

  it('fees, block indexes, receipts of a block, access lists and state overrides', async () => {
    const address = await deployToken()
    const { walletClient } = clients()
    const hash = await walletClient.writeContract({
      address,
      abi: token.abi,
      functionName: 'transfer',
      args: [dev1.address, 9n],
    })
    // The 1 s block timer may seal the transaction's block before this explicit seal does: find the
    // block that holds it, and read that block's indexes.
    await sequencer.sealBlock()
    const included = await clients().publicClient.waitForTransactionReceipt({ hash })
    while (edge.replica.head().block < included.blockNumber) await new Promise((r) => setTimeout(r, 5))
    const number = `0x${included.blockNumber.toString(16)}`
    const block = (await rpc('eth_getBlockByNumber', [number, false])).result as {
      hash: string
      timestamp: string
      transactions: string[]
    }

    expect((await rpc('eth_gasPrice', [])).result).toBe('0x77359400') // 1 gwei base fee + 1 gwei tip
    expect((await rpc('eth_maxPriorityFeePerGas', [])).result).toBe('0x3b9aca00')
    const history = (await rpc('eth_feeHistory', ['0x4', 'latest', [50]])).result as Record<string, unknown[]>
    expect(history.gasUsedRatio.length).toBeGreaterThan(0)
    expect(history.baseFeePerGas).toHaveLength(history.gasUsedRatio.length + 1)
    expect(history.reward).toHaveLength(history.gasUsedRatio.length)

    const txCount = block.transactions.length
    expect((await rpc('eth_getBlockTransactionCountByNumber', [number])).result).toBe(
      `0x${txCount.toString(16)}`,
    )
    const byHash = await rpc('eth_getBlockTransactionCountByHash', [block.hash])
    expect(byHash.result).toBe(`0x${txCount.toString(16)}`)
    const receipts = (await rpc('eth_getBlockReceipts', [number])).result as { transactionHash: string }[]
    expect(receipts.map((r) => r.transactionHash)).toContain(hash)
    const last = (
      await rpc('eth_getTransactionByBlockNumberAndIndex', [number, `0x${(txCount - 1).toString(16)}`])
    ).result as { hash: string; blockTimestamp: string }
    expect(last.hash).toBe(hash)
    // Every transaction object carries its block's timestamp (execution-apis' blockTimestamp).
    expect(last).toMatchObject({ blockTimestamp: block.timestamp })
    expect((await rpc('eth_getTransactionByHash', [hash])).result).toMatchObject({
      blockTimestamp: block.timestamp,
    })
    const full = (await rpc('eth_getBlockByNumber', [number, true])).result as { transactions: unknown[] }
    expect(full.transactions.at(-1)).toMatchObject({ hash, blockTimestamp: block.timestamp })
    expect((await rpc('eth_getTransactionByBlockNumberAndIndex', [number, '0xffff'])).result).toBeNull()

    const logs = await rpc('eth_getLogs', [{ blockHash: block.hash }])
    expect((logs.result as { transactionHash: string }[]).map((l) => l.transactionHash)).toContain(hash)

    const transfer = encodeFunctionData({
      abi: token.abi,
      functionName: 'transfer',
      args: [dev1.address, 1n],
    })
    const list = (await rpc('eth_createAccessList', [{ from: dev0.address, to: address, data: transfer }]))
      .result as { accessList: { address: string; storageKeys: string[] }[]; gasUsed: string }
    expect(list.accessList[0].address.toLowerCase()).toBe(address.toLowerCase())
    expect(list.accessList[0].storageKeys).toHaveLength(2)

    // Probe's code at an empty address, its `count` slot patched: eth_call sees both.
    const somewhere = '0x00000000000000000000000000000000000c0de0'
    const count = encodeFunctionData({ abi: probe.abi, functionName: 'count' })
    const slot0 = `0x${'0'.repeat(64)}`
    const overridden = await rpc('eth_call', [
      { to: somewhere, data: count },
      'latest',
      { [somewhere]: { code: probe.deployedBytecode, stateDiff: { [slot0]: `0x${'0'.repeat(63)}5` } } },
    ])
    expect(BigInt(overridden.result as string)).toBe(5n)
  })

  it('eth_getLogs over the limit is -32005 with a clear message; a second edge follows the same sequencer', async () => {
    await deployToken()
    await deployToken()
    const second = await createEdge({
      rpc: { port: 0 },
      sequencerUrl: link.url,
      edge: { maxLogs: 1 },
    })
    try {
      await second.whenReady()
      while (second.replica.head().miniBlock < edge.replica.head().miniBlock)
        await new Promise((r) => setTimeout(r, 5))
      const answer = await rpc('eth_getLogs', [{ fromBlock: '0x0', toBlock: 'latest' }], second.url)
      expect(answer.error?.code).toBe(-32005)
      expect(answer.error?.message).toMatch(/more than 1 results/)
      const one = await rpc('eth_getLogs', [{ fromBlock: '0x0', toBlock: 'latest' }])
      expect(one.result).toHaveLength(2)
    } finally {
      await second.close()
    }
  })

  it('eth_sendTransactionSync, realtime_sendRawTransaction and eth_signTypedData_v4 for dev accounts', async () => {
    const sync = await rpc('eth_sendTransactionSync', [
      { from: dev1.address, to: dev0.address, value: '0x2' },
    ])
    expect((sync.result as { status: string }).status).toBe('0x1')

    const { walletClient } = clients()
    const request = await walletClient.prepareTransactionRequest({ to: dev1.address, value: 3n })
    const raw = await walletClient.signTransaction(request)
    const realtime = await rpc('realtime_sendRawTransaction', [raw])
    expect((realtime.result as { status: string }).status).toBe('0x1')

    const typed = {
      domain: { name: 'rtevm', version: '1', chainId: 31337 },
      types: { Mail: [{ name: 'contents', type: 'string' }] },
      primaryType: 'Mail' as const,
      message: { contents: 'hi' },
    }
    const signature = (await rpc('eth_signTypedData_v4', [dev1.address, JSON.stringify(typed)]))
      .result as `0x${string}`
    expect(await verifyTypedData({ address: dev1.address, ...typed, signature })).toBe(true)
    const unknown = await rpc('eth_sign', ['0x000000000000000000000000000000000000dead', '0x00'])
    expect(unknown.error?.code).toBe(-32000)
  })

  it('eth_subscribe: all five kinds deliver from the replica', async () => {
    const socket = new WebSocket(edge.wsUrl)
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
    type Message = { id?: number; result?: string; params?: { subscription: string; result: unknown } }
    const messages: Message[] = []
    socket.on('message', (data) => messages.push(JSON.parse(String(data))))
    const until = async (check: () => boolean) => {
      while (!check()) await new Promise((r) => setTimeout(r, 5))
    }
    const kinds: [string, unknown?][] = [
      ['miniBlocks'],
      ['logs', { fromBlock: 'pending' }],
      ['newHeads'],
      ['newPendingTransactions'],
      ['stateChanges'],
    ]
    try {
      kinds.forEach((params, i) => {
        socket.send(JSON.stringify({ jsonrpc: '2.0', id: i + 1, method: 'eth_subscribe', params }))
      })
      await until(() => messages.filter((m) => m.id !== undefined).length === kinds.length)
      const ids = kinds.map((_, i) => messages.find((m) => m.id === i + 1)?.result)
      const address = await deployToken()
      const delivered = (id: string | undefined) => messages.filter((m) => m.params?.subscription === id)
      await until(() => ids.every((id) => delivered(id).length > 0))
      const [miniBlocks, logs, , pending] = ids.map((id) => delivered(id).map((m) => m.params?.result))
      expect((miniBlocks[0] as { transactions: string[] }).transactions).toHaveLength(1)
      expect((logs[0] as { address: string }).address.toLowerCase()).toBe(address.toLowerCase())
      expect(pending[0]).toMatch(/^0x[0-9a-f]{64}$/)
    } finally {
      socket.close()
    }
  })
})

async function rpc(
  method: string,
  params: unknown[],
  url = edge.url,
): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return (await response.json()) as { result?: unknown; error?: { code: number; message: string } }
}
