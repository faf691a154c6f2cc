import { encodeErrorResult, type Hash, parseAbi } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil } from '../bench/peers/anvilPeer.ts'
import type { PeerProcess } from '../bench/peers/peerProcess.ts'
import { rawRpc, testDevAccounts } from './edgeTestSupport.ts'
import { deployLikeTraceChain, type Sent, sendAll } from './otterscanTestSupport.ts'
import { call, chainClients, startTraceChain, type TraceChain } from './traceTestSupport.ts'

const [dev0, dev1] = testDevAccounts

type Json = Record<string, unknown>

let chain: TraceChain
let anvil: PeerProcess
let ours: Sent
let theirs: Sent

beforeAll(async () => {
  chain = await startTraceChain()
  anvil = await startAnvil()
  const { publicClient } = chainClients(anvil.url)
  ours = await sendAll(chain.url, chain.sealedAfter)
  const mined = async (send: () => Promise<Hash>) => {
    const hash = await send()
    await publicClient.waitForTransactionReceipt({ hash })
    return hash
  }
  await deployLikeTraceChain(anvil.url, mined)
  theirs = await sendAll(anvil.url, mined)
}, 60_000)

afterAll(async () => {
  anvil?.close()
  await chain?.started.close()
})

const rpc = <T = Json>(method: string, params: unknown[]) => call<T>(chain.url, method, params)
const anvilRpc = <T = Json>(method: string, params: unknown[]) => call<T>(anvil.url, method, params)
const blockOf = async (url: string, hash: Hash) =>
  Number((await call<Json>(url, 'eth_getTransactionReceipt', [hash])).blockNumber)
const keys = (o: unknown) => Object.keys(o as Json).sort()
/** anvil's receipts carry `blobGasPrice` even for non-blob transactions; rtevm's (as geth's) only for blob ones. */
const anvilReceiptKeys = (o: unknown) => keys(o).filter((key) => key !== 'blobGasPrice')

describe('Otterscan probes', () => {
  it('reports API level 8, as anvil does', async () => {
    expect(await rpc('ots_getApiLevel', [])).toBe(8)
    expect(await anvilRpc('ots_getApiLevel', [])).toBe(8)
  })

  it('erigon_getHeaderByNumber answers as eth_getBlockByNumber without full transactions', async () => {
    const number = await blockOf(chain.url, ours.spawn)
    const header = await rpc('erigon_getHeaderByNumber', [number])
    expect(header).toEqual(await rpc('eth_getBlockByNumber', [`0x${number.toString(16)}`, false]))
    expect(await rpc('erigon_getHeaderByNumber', ['latest'])).toEqual(
      await rpc('eth_getBlockByNumber', ['latest', false]),
    )
    expect(await rpc('erigon_getHeaderByNumber', [1_000_000])).toBeNull()
    const reference = await anvilRpc('erigon_getHeaderByNumber', [await blockOf(anvil.url, theirs.spawn)])
    expect(keys(header)).toEqual(expect.arrayContaining(keys(reference)))
  })

  it('ots_hasCode: at the newest state and at a block before the deployment', async () => {
    const deployedIn = await blockOf(chain.url, ours.probeDeploy)
    expect(await rpc('ots_hasCode', [ours.probe, 'latest'])).toBe(true)
    expect(await rpc('ots_hasCode', [ours.probe, deployedIn])).toBe(true)
    expect(await rpc('ots_hasCode', [ours.probe, `0x${(deployedIn - 1).toString(16)}`])).toBe(false)
    expect(await rpc('ots_hasCode', [dev0!.address, 'latest'])).toBe(false)
    expect(await anvilRpc('ots_hasCode', [theirs.probe, 'latest'])).toBe(true)
  })
})

describe('ots_getInternalOperations', () => {
  it('lists value transfers, CREATE2 with value, and self-destructs below the top call', async () => {
    const ops = (hash: Hash) => rpc<Json[]>('ots_getInternalOperations', [hash])
    expect(await ops(ours.forward)).toEqual([
      { type: 0, from: ours.forwarder.toLowerCase(), to: dev1!.address.toLowerCase(), value: '0x9' },
    ])
    expect(await ops(ours.spawn)).toEqual([
      { type: 3, from: ours.probe.toLowerCase(), to: ours.child.toLowerCase(), value: '0x5' },
    ])
    const ephemeral = await ops(ours.ephemeral)
    expect(ephemeral.map((op) => op.type)).toEqual([3, 1])
    expect(ephemeral[1]).toMatchObject({ to: dev0!.address.toLowerCase(), value: '0x3' })
    expect(await ops(ours.kill)).toEqual([
      { type: 1, from: ours.child.toLowerCase(), to: dev1!.address.toLowerCase(), value: '0x5' },
    ])
    expect(await ops(ours.nested)).toEqual([])
  })

  it("matches anvil's, apart from the top call anvil also lists", async () => {
    for (const key of ['forward', 'spawn', 'ephemeral', 'kill', 'nested', 'probeDeploy'] as const) {
      const mine = await rpc<Json[]>('ots_getInternalOperations', [ours[key]])
      const reference = await anvilRpc<Json[]>('ots_getInternalOperations', [theirs[key]])
      const internal = reference.filter((op) => op.from !== dev0!.address.toLowerCase())
      // A contract that self-destructs in its constructor is one trace node to anvil, listed as the self-destruct alone.
      expect(mine, key).toEqual(key === 'ephemeral' ? [mine[0], ...internal] : internal)
    }
  })
})

describe('ots_traceTransaction', () => {
  it('flattens the call tree with depths, values, inputs and outputs', async () => {
    const entries = await rpc<Json[]>('ots_traceTransaction', [ours.nested])
    expect(entries.map((e) => [e.type, e.depth])).toEqual([
      ['CALL', 0],
      ['CALL', 1],
    ])
    const nope = parseAbi(['error Nope(uint256 code, string why)'])
    expect(entries[1]).toMatchObject({
      from: ours.probe.toLowerCase(),
      to: ours.probe.toLowerCase(),
      value: '0x0',
      output: encodeErrorResult({ abi: nope, errorName: 'Nope', args: [1n, 'probe said no'] }),
    })
    const spawn = await rpc<Json[]>('ots_traceTransaction', [ours.spawn])
    expect(spawn.map((e) => [e.type, e.depth, e.value])).toEqual([
      ['CALL', 0, '0x5'],
      ['CREATE2', 1, '0x5'],
    ])
    const ephemeral = await rpc<Json[]>('ots_traceTransaction', [ours.ephemeral])
    expect(ephemeral.at(-1)).toMatchObject({ type: 'SELFDESTRUCT', depth: 2, output: null })
    const staticCall = await rpc<Json[]>('ots_traceTransaction', [ours.staticCall])
    expect(staticCall.map((e) => [e.type, e.depth, e.value, e.to])).toEqual([
      ['CALL', 0, '0x0', staticCall[0]!.to],
      ['STATICCALL', 1, null, `0x${'00'.repeat(19)}01`],
    ])
  })

  it("gives anvil's entries for the calls (anvil leaves out creates and self-destructs)", async () => {
    for (const key of ['forward', 'nested', 'spawn', 'fail', 'kill', 'staticCall'] as const) {
      const mine = await rpc<Json[]>('ots_traceTransaction', [ours[key]])
      const reference = await anvilRpc<Json[]>('ots_traceTransaction', [theirs[key]])
      const calls = mine.filter((e) => String(e.type).includes('CALL'))
      // Erigon (and so Otterscan) has no value for a STATICCALL or DELEGATECALL; anvil writes 0x0.
      const withoutOwnValue = reference.map((e) =>
        e.type === 'STATICCALL' || e.type === 'DELEGATECALL' ? { ...e, value: null } : e,
      )
      expect(calls, key).toEqual(withoutOwnValue)
    }
  })
})

describe('ots_getTransactionError', () => {
  it("returns the revert data of a failed transaction, 0x otherwise, as anvil's", async () => {
    const reverted = encodeErrorResult({
      abi: parseAbi(['error Error(string)']),
      errorName: 'Error',
      args: ['boom'],
    })
    expect(await rpc('ots_getTransactionError', [ours.fail])).toBe(reverted)
    expect(await anvilRpc('ots_getTransactionError', [theirs.fail])).toBe(reverted)
    expect(await rpc('ots_getTransactionError', [ours.nested])).toBe('0x')
    expect(await anvilRpc('ots_getTransactionError', [theirs.nested])).toBe('0x')
  })
})

describe('blocks', () => {
  it('ots_getBlockDetails: the header, the transaction count, no issuance, the fees paid', async () => {
    const number = await blockOf(chain.url, ours.spawn)
    const details = await rpc<{ block: Json; issuance: Json; totalFees: string }>('ots_getBlockDetails', [
      number,
    ])
    const receipt = await rpc('eth_getTransactionReceipt', [ours.spawn])
    const { transactions: _, ...header } = await rpc('eth_getBlockByNumber', [
      `0x${number.toString(16)}`,
      false,
    ])
    expect(details.block).toEqual({ ...header, transactionCount: 1 })
    expect(details.issuance).toEqual({ blockReward: '0x0', uncleReward: '0x0', issuance: '0x0' })
    expect(BigInt(details.totalFees)).toBe(
      BigInt(receipt.gasUsed as string) * BigInt(receipt.effectiveGasPrice as string),
    )
    expect(await rpc('ots_getBlockDetailsByHash', [header.hash])).toEqual(details)
    expect(await rpc('ots_getBlockDetails', [`0x${number.toString(16)}`])).toEqual(details)
    expect(await rpc('ots_getBlockDetails', [1_000_000])).toBeNull()

    const reference = await anvilRpc<Json>('ots_getBlockDetails', [await blockOf(anvil.url, theirs.spawn)])
    expect(keys(details)).toEqual(keys(reference))
    expect(keys(details.issuance)).toEqual(keys(reference.issuance))
    expect(keys(details.block)).toEqual(expect.arrayContaining(keys(reference.block)))
  })

  it('ots_getBlockTransactions: a page of transactions with selector-only input and receipts without logs', async () => {
    const number = await blockOf(chain.url, ours.nested)
    type Page = { fullblock: Json & { transactions: Json[] }; receipts: Json[] }
    const page = await rpc<Page>('ots_getBlockTransactions', [number, 0, 25])
    expect(page.fullblock.transactionCount).toBe(1)
    expect(page.fullblock.transactions).toHaveLength(1)
    const tx = page.fullblock.transactions[0]!
    expect(tx.hash).toBe(ours.nested)
    expect(tx.input).toHaveLength(10)
    const [receipt] = page.receipts
    expect(receipt).toMatchObject({
      transactionHash: ours.nested,
      logs: null,
      logsBloom: null,
      status: '0x1',
    })
    const block = await rpc('eth_getBlockByNumber', [`0x${number.toString(16)}`, false])
    expect(receipt!.timestamp).toBe(block.timestamp)
    expect((await rpc<Page>('ots_getBlockTransactions', [number, 1, 25])).receipts).toEqual([])

    const reference = await anvilRpc<Page>('ots_getBlockTransactions', [
      await blockOf(anvil.url, theirs.nested),
      0,
      25,
    ])
    expect(keys(page)).toEqual(keys(reference))
    expect(keys(page.fullblock)).toEqual(expect.arrayContaining(keys(reference.fullblock)))
    expect(keys(tx)).toEqual(expect.arrayContaining(keys(reference.fullblock.transactions[0])))
    expect(tx.input).toBe(reference.fullblock.transactions[0]!.input)
    expect(keys(receipt)).toEqual(anvilReceiptKeys(reference.receipts[0]))
    // anvil fills them in; Erigon, which defines the API, leaves them out (Otterscan never reads them).
    expect(reference.receipts[0]).toMatchObject({ logs: [] })
  })
})

describe('address history', () => {
  type Page = { txs: Json[]; receipts: Json[]; firstPage: boolean; lastPage: boolean }
  const hashes = (page: Page) => page.txs.map((tx) => tx.hash)

  it('pages back through the transactions sending to or creating an address, newest first', async () => {
    const all = [ours.ephemeral, ours.fail, ours.spawn, ours.nested, ours.probeDeploy]
    const first = await rpc<Page>('ots_searchTransactionsBefore', [ours.probe, 0, 2])
    expect(hashes(first)).toEqual(all.slice(0, 2))
    expect(first).toMatchObject({ firstPage: true, lastPage: false })
    expect(first.receipts.map((r) => r.transactionHash)).toEqual(all.slice(0, 2))
    const oldest = Number(first.txs.at(-1)!.blockNumber)
    const second = await rpc<Page>('ots_searchTransactionsBefore', [ours.probe, oldest, 2])
    expect(hashes(second)).toEqual(all.slice(2, 4))
    expect(second).toMatchObject({ firstPage: false, lastPage: false })
    const third = await rpc<Page>('ots_searchTransactionsBefore', [
      ours.probe,
      Number(second.txs[1]!.blockNumber),
      2,
    ])
    expect(hashes(third)).toEqual(all.slice(4))
    expect(third).toMatchObject({ firstPage: false, lastPage: true })
    expect(third.receipts[0]).toMatchObject({ contractAddress: ours.probe.toLowerCase(), logs: null })
  })

  it('pages forward from the oldest, each page newest first', async () => {
    const first = await rpc<Page>('ots_searchTransactionsAfter', [ours.probe, 0, 2])
    expect(hashes(first)).toEqual([ours.nested, ours.probeDeploy])
    expect(first).toMatchObject({ firstPage: false, lastPage: true })
    const newest = Number(first.txs[0]!.blockNumber)
    const next = await rpc<Page>('ots_searchTransactionsAfter', [ours.probe, newest, 2])
    expect(hashes(next)).toEqual([ours.fail, ours.spawn])
    expect(next).toMatchObject({ firstPage: false, lastPage: false })
    const last = await rpc<Page>('ots_searchTransactionsAfter', [
      ours.probe,
      Number(next.txs[0]!.blockNumber),
      2,
    ])
    expect(hashes(last)).toEqual([ours.ephemeral])
    expect(last).toMatchObject({ firstPage: true, lastPage: false })
  })

  it('a sender sees every transaction it sent', async () => {
    const page = await rpc<Page>('ots_searchTransactionsBefore', [dev0!.address, 0, 100])
    expect(page.txs).toHaveLength(13)
    expect(page).toMatchObject({ firstPage: true, lastPage: true })
  })

  it("answers in anvil's shape", async () => {
    const mine = await rpc<Page>('ots_searchTransactionsBefore', [ours.probe, 0, 2])
    const reference = await anvilRpc<Page>('ots_searchTransactionsBefore', [theirs.probe, 0, 2])
    expect(keys(mine)).toEqual(keys(reference))
    expect(keys(mine.txs[0])).toEqual(expect.arrayContaining(keys(reference.txs[0])))
    expect(keys(mine.receipts[0])).toEqual(anvilReceiptKeys(reference.receipts[0]))
    expect(mine.receipts[0]!.timestamp).toMatch(/^0x[0-9a-f]+$/)
  })
})

describe('lookups', () => {
  it('ots_getTransactionBySenderAndNonce finds a sent transaction, null for an unused nonce', async () => {
    // The trace chain's own token and probe took nonces 0 and 1.
    expect(await rpc('ots_getTransactionBySenderAndNonce', [dev0!.address, 2])).toBe(ours.tokenDeploy)
    expect(await rpc('ots_getTransactionBySenderAndNonce', [dev0!.address, '0x6'])).toBe(ours.nested)
    expect(await rpc('ots_getTransactionBySenderAndNonce', [dev0!.address, 1_000])).toBeNull()
    expect(await rpc('ots_getTransactionBySenderAndNonce', [dev1!.address, 0])).toBeNull()
    expect(await anvilRpc('ots_getTransactionBySenderAndNonce', [dev0!.address, 2])).toBe(theirs.tokenDeploy)
  })

  it('ots_getContractCreator: the deploying transaction, or the contract that ran CREATE2; null for no code', async () => {
    const sender = dev0!.address.toLowerCase()
    expect(await rpc('ots_getContractCreator', [ours.probe])).toEqual({
      hash: ours.probeDeploy,
      creator: sender,
    })
    expect(await rpc('ots_getContractCreator', [ours.child])).toEqual({
      hash: ours.spawn,
      creator: ours.probe.toLowerCase(),
    })
    expect(await rpc('ots_getContractCreator', [dev1!.address])).toBeNull()
    expect(await anvilRpc('ots_getContractCreator', [theirs.child])).toEqual({
      hash: theirs.spawn,
      creator: theirs.probe.toLowerCase(),
    })
  })
})

describe('errors', () => {
  it('refuses bad params with -32602 naming the field', async () => {
    const cases: [string, unknown[], string][] = [
      ['ots_getBlockTransactions', [1, 0, 0], 'page size'],
      ['ots_getBlockTransactions', [1, 0, 101], 'page size'],
      ['ots_getBlockTransactions', [1, -1, 10], 'page number'],
      ['ots_searchTransactionsBefore', ['0x12', 0, 10], 'address'],
      ['ots_searchTransactionsAfter', [dev0!.address, 'latest', 10], 'block number'],
      ['ots_getTransactionBySenderAndNonce', [dev0!.address, 'one'], 'nonce'],
      ['ots_traceTransaction', ['0x1234'], 'transaction hash'],
      ['ots_getBlockDetails', [-1], 'block number'],
    ]
    for (const [method, params, field] of cases) {
      const { error } = await rawRpc(chain.url, method, params)
      expect(error?.code, method).toBe(-32602)
      expect(error?.message, method).toContain(field)
    }
  })

  it('an unknown transaction is -32001 (not found)', async () => {
    const unknown = `0x${'ab'.repeat(32)}`
    for (const method of ['ots_getInternalOperations', 'ots_traceTransaction', 'ots_getTransactionError']) {
      const { error } = await rawRpc(chain.url, method, [unknown])
      expect(error?.code, method).toBe(-32001)
    }
  })
})
