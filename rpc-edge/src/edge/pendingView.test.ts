import { compileTestContracts, createTxSigner } from '@rtevm/testkit'
import {
  type Address,
  decodeFunctionResult,
  encodeDeployData,
  encodeFunctionData,
  type Hex,
  hexToBytes,
  toHex,
} from 'viem'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  rpcBatch,
  rpcResult,
  startTestEdge,
  type TestEdge,
  testDevAccounts,
  viemClients,
} from './edgeTestSupport.ts'

// Issue 15, deliverable 3: every `latest`/`pending` read of a batch answers from one
// mini-block snapshot, which realtime_getMiniBlock names, and the pending block is the
// open block as of that mini-block. Checked against the chain once the blocks sealed.

const [dev0, dev1] = testDevAccounts
const A = dev0.address
const ethSender = createTxSigner(dev0.privateKey, dev0.address)
const tokenSender = createTxSigner(dev1.privateKey, dev1.address)
const fees = { maxFeePerGas: 10_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n }
const { token } = compileTestContracts()
const ETH_SINK: Address = '0x000000000000000000000000000000000000cafe'
const TOKEN_SINK: Address = '0x000000000000000000000000000000000000beef'
const BATCHES = 50

let running: TestEdge
let tokenAddress: Address
let tokenNonce = 0n
/** realtime_getMiniBlock and the pending block before any transaction ran. */
let atGenesis: unknown[]

type Receipt = {
  transactionHash: Hex
  gasUsed: Hex
  effectiveGasPrice: Hex
  contractAddress: Address | null
  status: Hex
}

beforeAll(async () => {
  // No block timer: the test seals blocks itself, so nothing races it.
  running = await startTestEdge({ readWorkers: 1 }, { blockIntervalMs: 2 ** 31 - 1 })
  // Until the worker serves, offloaded reads run in-thread anyway: wait, so a batch's could leave.
  await vi.waitFor(() => expect(running.edge.readPool?.stats().serving).toBe(1), {
    timeout: 60_000,
    interval: 50,
  })
  atGenesis = await batch([
    ['realtime_getMiniBlock', []],
    ['eth_getBlockByNumber', ['pending', false]],
  ])
  const data = encodeDeployData({ abi: token.abi, bytecode: token.bytecode, args: [10n ** 24n] })
  const deployed = await sendSync(
    tokenSender.sign({ nonce: tokenNonce++, data: hexToBytes(data), gasLimit: 2_000_000n, ...fees }),
  )
  tokenAddress = deployed.contractAddress!
}, 90_000)

afterAll(async () => {
  await running.close()
})

const rpc = (method: string, params: unknown[]) => rpcResult(running.edge.url, method, params)

async function sendSync(raw: Uint8Array): Promise<Receipt> {
  const receipt = (await rpc('eth_sendRawTransactionSync', [toHex(raw)])) as Receipt
  expect(receipt.status).toBe('0x1')
  return receipt
}

const batch = (calls: [string, unknown[]][]) => rpcBatch(running.edge.url, calls)

const balanceOfSink = encodeFunctionData({ abi: token.abi, functionName: 'balanceOf', args: [TOKEN_SINK] })

type Seen = {
  snapshot: { mini_block_number: Hex; block_number: Hex; index: Hex; mini_block_timestamp: Hex }
  balance: Hex
  nonce: Hex
  pending: {
    number: Hex
    hash: null
    parentHash: Hex
    gasUsed: Hex
    transactions: Hex[]
    miniBlockCount: Hex
    miniBlockNumber: Hex
    logsBloom: Hex
  }
  logs: { address: Address; blockNumber: Hex }[]
  sinkTokens: Hex
  pendingCount: Hex
  pendingReceipts: { transactionHash: Hex }[]
}

async function readSnapshot(): Promise<Seen> {
  const [snapshot, balance, nonce, pending, logs, sinkTokens, pendingCount, pendingReceipts] = await batch([
    ['realtime_getMiniBlock', []],
    ['eth_getBalance', [A, 'pending']],
    ['eth_getTransactionCount', [A, 'latest']],
    ['eth_getBlockByNumber', ['pending', false]],
    ['eth_getLogs', [{ fromBlock: '0x0', toBlock: 'pending', address: tokenAddress }]],
    ['eth_call', [{ to: tokenAddress, data: balanceOfSink }, 'pending']],
    ['eth_getBlockTransactionCountByNumber', ['pending']],
    ['eth_getBlockReceipts', ['pending']],
  ])
  return { snapshot, balance, nonce, pending, logs, sinkTokens, pendingCount, pendingReceipts } as Seen
}

describe('one coherent pending view', () => {
  it('before any mini-block: the genesis state, and an empty block 1 pending', () => {
    const [snapshot, pending] = atGenesis as [Record<string, unknown>, Record<string, unknown>]
    expect(snapshot).toMatchObject({ mini_block_number: '0x0', block_number: '0x0', index: '0x0' })
    expect(pending).toMatchObject({
      number: '0x1',
      hash: null,
      transactions: [],
      miniBlockCount: '0x0',
      miniBlockNumber: '0x0',
      gasUsed: '0x0',
    })
  })

  it('under load, every answer of a batch matches the sealed chain at the mini-block the batch names', async () => {
    const genesisBalance = BigInt((await rpc('eth_getBalance', [A, 'latest'])) as Hex)
    let stop = false
    const ethCosts = new Map<Hex, bigint>()
    const tokenAmounts = new Map<Hex, bigint>()

    async function sendEth() {
      for (let nonce = 0n; !stop; nonce++) {
        const receipt = await sendSync(
          ethSender.sign({ nonce, to: ETH_SINK, value: 1000n + nonce, gasLimit: 21_000n, ...fees }),
        )
        const gas = BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice)
        ethCosts.set(receipt.transactionHash, 1000n + nonce + gas)
      }
    }
    async function sendTokens() {
      for (let amount = 1n; !stop; amount++) {
        const data = encodeFunctionData({
          abi: token.abi,
          functionName: 'transfer',
          args: [TOKEN_SINK, amount],
        })
        const raw = tokenSender.sign({
          nonce: tokenNonce++,
          to: tokenAddress,
          data: hexToBytes(data),
          gasLimit: 100_000n,
          ...fees,
        })
        const receipt = await sendSync(raw)
        tokenAmounts.set(receipt.transactionHash, amount)
      }
    }
    async function seal() {
      while (!stop) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        await running.sequencer.sealBlock()
      }
    }

    const load = [sendEth(), sendTokens(), seal()]
    const seen: Seen[] = []
    try {
      for (let i = 0; i < BATCHES; i++) seen.push(await readSnapshot())
    } finally {
      stop = true
      await Promise.all(load)
    }
    // Every transaction seen pending is now in a sealed block the edge has applied.
    await running.sequencer.sealBlock()
    const sealedHead = running.sequencer.latestBlock().header.number
    await vi.waitFor(() => expect(running.edge.replica.head().block).toBe(sealedHead))

    const chain = running.edge.replica
    const miniBlockOf = (hash: Hex) => chain.getTransaction(hexToBytes(hash))!.miniBlockNumber
    const deployLogs = 1

    for (const answer of seen) {
      const n = BigInt(answer.snapshot.mini_block_number)
      const upTo = <T>(map: Map<Hex, T>) =>
        [...map].filter(([hash]) => miniBlockOf(hash) <= n).map(([, v]) => v)

      // State: A's nonce and balance, the sink's tokens through eth_call.
      const ethDone = upTo(ethCosts)
      expect(BigInt(answer.nonce)).toBe(BigInt(ethDone.length))
      expect(BigInt(answer.balance)).toBe(genesisBalance - ethDone.reduce((sum, cost) => sum + cost, 0n))
      const sinkTokens = decodeFunctionResult({
        abi: token.abi,
        functionName: 'balanceOf',
        data: answer.sinkTokens,
      })
      expect(sinkTokens).toBe(upTo(tokenAmounts).reduce((sum, amount) => sum + amount, 0n))

      // Logs: the deployment's mint and one Transfer per token transfer at or before n.
      expect(answer.logs.length).toBe(deployLogs + upTo(tokenAmounts).length)
      const pendingNumber = BigInt(answer.pending.number)
      for (const log of answer.logs) expect(BigInt(log.blockNumber)).toBeLessThanOrEqual(pendingNumber)

      // The pending block: the sealed block's transactions whose mini-block is at or before n.
      const { pending } = answer
      expect(pending.hash).toBeNull()
      expect(BigInt(pending.miniBlockNumber)).toBe(n)
      const sealed = chain.getBlockByNumber(pendingNumber)!
      expect(toHex(sealed.header.parentHash)).toBe(pending.parentHash)
      const hashes = sealed.transactionHashes.map((hash) => toHex(hash))
      const included = hashes.filter((hash) => miniBlockOf(hash) <= n)
      expect(pending.transactions).toEqual(included)
      // The other `pending` block methods read the same open block (pendingBlockMethods.test.ts has each).
      expect(answer.pendingCount).toBe(toHex(included.length))
      expect(answer.pendingReceipts.map((receipt) => receipt.transactionHash)).toEqual(included)
      const gas = included.reduce(
        (sum, hash) => sum + chain.getTransaction(hexToBytes(hash))!.receipt.gasUsed,
        0n,
      )
      expect(BigInt(pending.gasUsed)).toBe(gas)
      const lastOfBlock = sealed.firstMiniBlock + BigInt(sealed.miniBlockCount) - 1n
      const count =
        sealed.miniBlockCount === 0 || n < sealed.firstMiniBlock
          ? 0n
          : (n < lastOfBlock ? n : lastOfBlock) - sealed.firstMiniBlock + 1n
      expect(BigInt(pending.miniBlockCount)).toBe(count)
      if (included.length === hashes.length) expect(pending.logsBloom).toBe(toHex(sealed.header.logsBloom))

      // The snapshot's mini-block is in the pending block, or the pending block (after empty ones) has none yet.
      const snapshotBlock = BigInt(answer.snapshot.block_number)
      if (pendingNumber !== snapshotBlock) {
        expect(pendingNumber).toBeGreaterThan(snapshotBlock)
        expect(pending.miniBlockCount).toBe('0x0')
      }
    }
    // The load moved the chain while the batches ran, and some pending blocks had transactions.
    expect(new Set(seen.map((answer) => answer.snapshot.mini_block_number)).size).toBeGreaterThan(1)
    expect(new Set(seen.map((answer) => answer.pending.number)).size).toBeGreaterThan(1)
    expect(seen.some((answer) => answer.pending.transactions.length > 0)).toBe(true)
    expect(tokenAmounts.size).toBeGreaterThan(0)
  }, 60_000)

  it("viem's getBlock({ blockTag: 'pending' }) parses the open block", async () => {
    await running.sequencer.sealBlock()
    const nonce = BigInt((await rpc('eth_getTransactionCount', [A, 'latest'])) as Hex)
    const receipt = await sendSync(
      ethSender.sign({ nonce, to: ETH_SINK, value: 1n, gasLimit: 21_000n, ...fees }),
    )
    const { publicClient } = viemClients(running.edge.url)
    const latest = await publicClient.getBlock({ blockTag: 'latest' })
    const pending = await publicClient.getBlock({ blockTag: 'pending', includeTransactions: true })
    expect(pending.number).toBe(latest.number + 1n)
    expect(pending.hash).toBeNull()
    expect(pending.nonce).toBeNull()
    expect(pending.parentHash).toBe(latest.hash)
    expect(pending.transactions.map((tx) => tx.hash)).toEqual([receipt.transactionHash])
    expect(pending.transactions[0].from.toLowerCase()).toBe(A.toLowerCase())
    expect(pending.gasUsed).toBe(21_000n)
    expect(pending.timestamp).toBeGreaterThanOrEqual(latest.timestamp)
    expect(pending.stateRoot).toBe(`0x${'00'.repeat(32)}`)
    const snapshot = (await rpc('realtime_getMiniBlock', [])) as { mini_block_number: Hex; index: Hex }
    expect((pending as unknown as { miniBlockNumber: Hex }).miniBlockNumber).toBe(snapshot.mini_block_number)
    expect(snapshot.index).toBe('0x0')
  })
})
