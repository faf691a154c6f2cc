import { compileTestContracts, createTxSigner } from '@rtevm/testkit'
import { type Address, encodeDeployData, encodeFunctionData, type Hex, hexToBytes, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  rpcBatch,
  rpcResult,
  startTestEdge,
  type TestEdge,
  testDevAccounts,
  viemClients,
} from './edgeTestSupport.ts'

// Issue 15, deliverable 3: every method that reads `pending` as a block shows the open block
// eth_getBlockByNumber("pending") shows — the same transactions in the same order, their
// receipts as eth_getTransactionReceipt gives them — and the sealed block later shows the same.

const [dev0, dev1] = testDevAccounts
const ethSender = createTxSigner(dev0.privateKey, dev0.address)
const tokenSender = createTxSigner(dev1.privateKey, dev1.address)
const fees = { maxFeePerGas: 10_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n }
const { token } = compileTestContracts()
const ETH_SINK: Address = '0x000000000000000000000000000000000000cafe'
const TOKEN_SINK: Address = '0x000000000000000000000000000000000000beef'
const ZERO_HASH = `0x${'00'.repeat(32)}`
const TRANSFERS = 4

let running: TestEdge

type Transaction = { hash: Hex; blockHash: Hex; blockNumber: Hex; transactionIndex: Hex }
type Receipt = {
  transactionHash: Hex
  gasUsed: Hex
  transactionIndex: Hex
  blockHash: Hex
  blockNumber: Hex
  status: Hex
  contractAddress: Address | null
  logs: { blockHash: Hex; logIndex: Hex }[]
}
type PendingBlock = {
  number: Hex
  hash: null
  transactions: Transaction[]
  miniBlockCount: Hex
  miniBlockNumber: Hex
  gasUsed: Hex
  gasLimit: Hex
  baseFeePerGas: Hex
}
type FeeHistory = { oldestBlock: Hex; baseFeePerGas: Hex[]; gasUsedRatio: number[] }
type BlockTrace = { txHash: Hex; result: { from: Address; gasUsed: Hex } }[]
type OtsDetails = {
  block: { number: Hex; hash: Hex | null; transactionCount: number; miniBlockNumber?: Hex }
  totalFees: Hex
}
type Header = { number: Hex; hash: Hex | null; transactions: Hex[]; miniBlockNumber?: Hex }

beforeAll(async () => {
  // No block timer: the test seals blocks itself, so the open block holds still between reads.
  running = await startTestEdge({}, { blockIntervalMs: 2 ** 31 - 1 })
}, 60_000)

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

/** Seals the open block and waits until the edge's replica has applied it. */
async function seal(): Promise<bigint> {
  const sealed = (await running.sequencer.sealBlock()).header.number
  await vi.waitFor(() => expect(running.edge.replica.head().block).toBe(sealed))
  return sealed
}

/** The block methods' answers for `tag`, read in one batch, with `pending`'s block to compare with. */
async function readBlockMethods(tag: string, transactions: number) {
  const indexes = Array.from({ length: transactions + 1 }, (_, i) => toHex(i))
  const [block, count, receipts, uncleCount, uncle, otsDetails, header, fees, traces, ...byIndex] =
    await batch([
      ['eth_getBlockByNumber', [tag, true]],
      ['eth_getBlockTransactionCountByNumber', [tag]],
      ['eth_getBlockReceipts', [tag]],
      ['eth_getUncleCountByBlockNumber', [tag]],
      ['eth_getUncleByBlockNumberAndIndex', [tag, '0x0']],
      ['ots_getBlockDetails', [tag]],
      ['erigon_getHeaderByNumber', [tag]],
      ['eth_feeHistory', ['0x1', tag, []]],
      ['debug_traceBlockByNumber', [tag, { tracer: 'callTracer' }]],
      ...indexes.map((index): [string, unknown[]] => [
        'eth_getTransactionByBlockNumberAndIndex',
        [tag, index],
      ]),
    ])
  return {
    block: block as PendingBlock,
    count: count as Hex,
    receipts: receipts as Receipt[],
    uncleCount,
    uncle,
    otsDetails: otsDetails as OtsDetails,
    header: header as Header,
    fees: fees as FeeHistory,
    traces: traces as BlockTrace,
    byIndex: byIndex as (Transaction | null)[],
  }
}

/** A receipt as the sealed block gives it: the open block's zero hash replaced by the block's. */
function sealedAs(receipt: Receipt, blockHash: Hex): Receipt {
  return { ...receipt, blockHash, logs: receipt.logs.map((log) => ({ ...log, blockHash })) }
}

describe('"pending" block methods read the open block', () => {
  it('before any mini-block, the open block is empty everywhere: count 0, no receipts or traces, nothing at index 0', async () => {
    const pending = await readBlockMethods('pending', 0)
    expect(pending.block).toMatchObject({
      number: '0x1',
      hash: null,
      transactions: [],
      miniBlockCount: '0x0',
    })
    expect(pending.count).toBe('0x0')
    expect(pending.receipts).toEqual([])
    expect(pending.byIndex).toEqual([null])
    expect(pending.uncleCount).toBe('0x0')
    expect(pending.uncle).toBeNull()
    expect(pending.otsDetails.block).toMatchObject({ number: '0x1', hash: null, transactionCount: 0 })
    expect(pending.otsDetails.totalFees).toBe('0x0')
    expect(pending.header).toMatchObject({ number: '0x1', hash: null, transactions: [] })
    expect(pending.fees).toMatchObject({ oldestBlock: '0x1', gasUsedRatio: [0] })
    expect(pending.traces).toEqual([])
  })

  it('every block method agrees with eth_getBlockByNumber("pending") on the open block, and with the block once sealed', async () => {
    await seal()
    // Two senders at once: the open block gets a deployment, ETH transfers and token transfers (with logs).
    const data = encodeDeployData({ abi: token.abi, bytecode: token.bytecode, args: [10n ** 24n] })
    const deployed = await sendSync(
      tokenSender.sign({ nonce: 0n, data: hexToBytes(data), gasLimit: 2_000_000n, ...fees }),
    )
    const tokenAddress = deployed.contractAddress!
    const sent: Hex[] = [deployed.transactionHash]
    async function sendEth() {
      for (let nonce = 0n; nonce < TRANSFERS; nonce++) {
        const raw = ethSender.sign({ nonce, to: ETH_SINK, value: 1000n + nonce, gasLimit: 21_000n, ...fees })
        sent.push((await sendSync(raw)).transactionHash)
      }
    }
    async function sendTokens() {
      for (let amount = 1n; amount <= TRANSFERS; amount++) {
        const transfer = encodeFunctionData({
          abi: token.abi,
          functionName: 'transfer',
          args: [TOKEN_SINK, amount],
        })
        const raw = tokenSender.sign({
          nonce: amount,
          to: tokenAddress,
          data: hexToBytes(transfer),
          gasLimit: 100_000n,
          ...fees,
        })
        sent.push((await sendSync(raw)).transactionHash)
      }
    }
    await Promise.all([sendEth(), sendTokens()])

    const pending = await readBlockMethods('pending', sent.length)
    const hashes = pending.block.transactions.map((tx) => tx.hash)
    expect([...hashes].sort()).toEqual([...sent].sort())
    expect(pending.count).toBe(toHex(sent.length))
    // By index: each of the pending block's full transactions, then nothing past the end.
    expect(pending.byIndex).toEqual([...pending.block.transactions, null])
    pending.block.transactions.forEach((tx, i) => {
      expect(tx).toMatchObject({
        blockHash: ZERO_HASH,
        blockNumber: pending.block.number,
        transactionIndex: toHex(i),
      })
    })
    // Receipts: those of the pending block's transactions, in its order, as eth_getTransactionReceipt gives them.
    expect(pending.receipts.map((receipt) => receipt.transactionHash)).toEqual(hashes)
    const oneByOne = await batch(
      hashes.map((hash): [string, unknown[]] => ['eth_getTransactionReceipt', [hash]]),
    )
    expect(pending.receipts).toEqual(oneByOne)
    for (const receipt of pending.receipts) {
      expect(receipt).toMatchObject({
        blockHash: ZERO_HASH,
        blockNumber: pending.block.number,
        status: '0x1',
      })
    }
    expect(pending.receipts.filter((receipt) => receipt.logs.length > 0)).toHaveLength(TRANSFERS + 1)
    expect(pending.uncleCount).toBe('0x0')
    expect(pending.uncle).toBeNull()
    // Otterscan's block page and Erigon's header read the same open block, at the same snapshot.
    const snapshot = {
      number: pending.block.number,
      hash: null,
      miniBlockNumber: pending.block.miniBlockNumber,
    }
    expect(pending.otsDetails.block).toMatchObject({ ...snapshot, transactionCount: sent.length })
    expect(pending.header).toMatchObject({ ...snapshot, transactions: hashes })
    // Fee history up to `pending` ends with the open block, its gas so far.
    const ratio = Number(BigInt(pending.block.gasUsed)) / Number(BigInt(pending.block.gasLimit))
    expect(ratio).toBeGreaterThan(0)
    expect(pending.fees).toMatchObject({ oldestBlock: pending.block.number, gasUsedRatio: [ratio] })
    expect(pending.fees.baseFeePerGas[0]).toBe(pending.block.baseFeePerGas)
    // Block traces: one per transaction, in the block's order, each with the gas its receipt shows.
    expect(pending.traces.map((trace) => trace.txHash)).toEqual(hashes)
    expect(pending.traces.map((trace) => BigInt(trace.result.gasUsed))).toEqual(
      pending.receipts.map((receipt) => BigInt(receipt.gasUsed)),
    )

    // viem reads the same through its own actions.
    const { publicClient } = viemClients(running.edge.url)
    expect(await publicClient.getBlockTransactionCount({ blockTag: 'pending' })).toBe(sent.length)
    const last = await publicClient.getTransaction({ blockTag: 'pending', index: sent.length - 1 })
    expect(last.hash).toBe(hashes.at(-1))

    // Sealed: the block shows the same transactions, in the same order, with the same receipts.
    const sealedNumber = await seal()
    expect(toHex(sealedNumber)).toBe(pending.block.number)
    const sealed = await readBlockMethods(pending.block.number, sent.length)
    const sealedHash = (sealed.block as unknown as { hash: Hex }).hash
    expect(sealed.block.transactions.map((tx) => tx.hash)).toEqual(hashes)
    expect(sealed.count).toBe(pending.count)
    expect(sealed.byIndex.map((tx) => tx?.hash ?? null)).toEqual([...hashes, null])
    expect(sealed.receipts).toEqual(pending.receipts.map((receipt) => sealedAs(receipt, sealedHash)))
    expect(sealed.otsDetails.block).toMatchObject({ hash: sealedHash, transactionCount: sent.length })
    expect(sealed.otsDetails.totalFees).toBe(pending.otsDetails.totalFees)
    expect(sealed.header).toMatchObject({ hash: sealedHash, transactions: hashes })
    expect(sealed.fees).toEqual(pending.fees)
    expect(sealed.traces).toEqual(pending.traces)
    expect(await rpc('eth_getUncleCountByBlockHash', [sealedHash])).toBe('0x0')
    expect(await rpc('eth_getUncleByBlockHashAndIndex', [sealedHash, '0x0'])).toBeNull()
    expect(await rpc('eth_getUncleCountByBlockHash', [`0x${'ab'.repeat(32)}`])).toBeNull()

    // The next open block has had no mini-block yet: empty again.
    const next = await readBlockMethods('pending', 0)
    expect(next.block).toMatchObject({
      number: toHex(sealedNumber + 1n),
      transactions: [],
      miniBlockCount: '0x0',
    })
    expect(next.count).toBe('0x0')
    expect(next.receipts).toEqual([])
    expect(next.byIndex).toEqual([null])
  }, 60_000)
})
