import { listenExclusive } from '@rtevm/node'
import {
  type Block,
  type BlockSource,
  createMemoryState,
  ErrorCode,
  hashBlockHeader,
  type LogRecord,
  RtevmError,
  type StateHistoryReader,
  type StateReader,
  type TransactionRecord,
  type TxInclusion,
  type TxSubmitter,
} from '@rtevm/protocol'
import {
  bytesToHex,
  createPublicClient,
  createWalletClient,
  hexToBytes,
  http,
  keccak256,
  parseTransaction,
  recoverTransactionAddress,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRpcServer, type RpcServer } from '../server/index.ts'
import { createBaseMethods } from './createBaseMethods.ts'
import { createChainMethods } from './createChainMethods.ts'
import { createSendMethods } from './createSendMethods.ts'

// An in-memory chain implementing the capability interfaces: transfers only,
// one mini-block per transaction, blocks sealed on demand. Enough to exercise
// every read and send method through a real server and a real viem client.
const key = `0x${'11'.repeat(32)}` as const
const account = privateKeyToAccount(key)
const to = `0x${'22'.repeat(20)}` as const
const contract = hexToBytes(`0x${'33'.repeat(20)}`)
const hex = (b: Uint8Array) => bytesToHex(b)

function createMemoryChain() {
  const accounts = new Map<string, { nonce: bigint; balance: bigint }>()
  accounts.set(account.address.toLowerCase(), { nonce: 0n, balance: 10n ** 22n })
  const code = new Map<string, Uint8Array>([[hex(contract), new Uint8Array([0x60, 0x00])]])
  const storage = new Map<string, bigint>([[`${hex(contract)}:${'00'.repeat(31)}01`, 42n]])
  const txs = new Map<string, TransactionRecord>()
  const blocks: Block[] = []
  let open: Uint8Array[] = []
  let miniBlock = 0n
  let hold = false

  const state: StateReader & StateHistoryReader = {
    getAccount: (a) => {
      const acc = accounts.get(hex(a))
      return acc && { ...acc, codeHash: new Uint8Array(32) }
    },
    getCode: (a) => code.get(hex(a)) ?? new Uint8Array(),
    getStorage: (a, slot) => storage.get(`${hex(a)}:${hex(slot).slice(2)}`) ?? 0n,
    // No history: every sealed block's state is refused, as past a replica's window.
    oldestStateBlock: () => 2n ** 64n,
    stateAt: (n) => createMemoryState().stateAt(n),
  }
  const source: BlockSource = {
    head: () => ({ miniBlock, block: BigInt(blocks.length - 1), safe: 0n, finalized: 0n }),
    getBlockByNumber: (n) => blocks[Number(n)],
    getBlockByHash: (h) => blocks.find((b) => hex(b.hash) === hex(h)),
    getMiniBlock: () => undefined,
    getTransaction: (h) => txs.get(hex(h)),
    getLogs: (): LogRecord[] => [],
  }
  function seal(): Block {
    const number = BigInt(blocks.length)
    const z = (n: number) => new Uint8Array(n)
    const header = {
      parentHash: blocks.at(-1)?.hash ?? z(32),
      uncleHash: z(32),
      coinbase: z(20),
      stateRoot: z(32),
      transactionsRoot: z(32),
      receiptsRoot: z(32),
      logsBloom: z(256),
      difficulty: 0n,
      number,
      gasLimit: 30_000_000n,
      gasUsed: 21_000n * BigInt(open.length),
      timestamp: 1_700_000_000n + number,
      extraData: z(0),
      mixHash: z(32),
      nonce: z(8),
      baseFeePerGas: 1n,
      withdrawalsRoot: z(32),
      blobGasUsed: 0n,
      excessBlobGas: 0n,
      parentBeaconBlockRoot: z(32),
      requestsHash: z(32),
    }
    const block: Block = {
      header,
      hash: hashBlockHeader(header),
      miniBlockCount: open.length,
      firstMiniBlock: 0n,
      transactionHashes: open,
    }
    blocks.push(block)
    open = []
    return block
  }
  const submitter: TxSubmitter = {
    async submit(raw) {
      if (hold) return new Promise<TxInclusion>(() => {})
      const hexRaw = hex(raw) as `0x${string}`
      const tx = parseTransaction(hexRaw)
      const from = (await recoverTransactionAddress({ serializedTransaction: hexRaw as never })).toLowerCase()
      const sender = accounts.get(from) ?? { nonce: 0n, balance: 0n }
      if (BigInt(tx.nonce ?? 0) < sender.nonce) throw new RtevmError(ErrorCode.NonceTooLow, 'nonce too low')
      if (BigInt(tx.nonce ?? 0) > sender.nonce) throw new RtevmError(ErrorCode.NonceTooHigh, 'nonce too high')
      sender.nonce++
      sender.balance -= tx.value ?? 0n
      const recipient = accounts.get(tx.to!.toLowerCase()) ?? { nonce: 0n, balance: 0n }
      recipient.balance += tx.value ?? 0n
      accounts.set(tx.to!.toLowerCase(), recipient)
      const hash = hexToBytes(keccak256(hexRaw))
      const receipt = {
        status: 1 as const,
        gasUsed: 21_000n,
        cumulativeGasUsed: 21_000n,
        effectiveGasPrice: 2n,
        logs: [],
      }
      miniBlock++
      const record: TransactionRecord = {
        tx: { raw, hash, from: hexToBytes(from as `0x${string}`) },
        receipt,
        miniBlockNumber: miniBlock,
        blockNumber: BigInt(blocks.length),
        txIndex: open.length,
        firstLogIndex: 0,
        timestampUs: 0n,
      }
      open.push(hash)
      txs.set(hex(hash), record)
      return {
        hash,
        miniBlockNumber: miniBlock,
        blockNumber: record.blockNumber,
        txIndex: record.txIndex,
        receipt,
      }
    },
  }
  seal() // genesis
  return { state, source, submitter, seal, setHold: (h: boolean) => (hold = h) }
}

const chain = createMemoryChain()
let server: RpcServer
beforeAll(async () => {
  server = await createRpcServer({
    config: { port: 0 },
    context: {},
    listen: listenExclusive,
    methods: {
      ...createBaseMethods({ chainId: 31337, clientVersion: 'rtevm/test' }),
      ...createChainMethods({ state: chain.state, blocks: chain.source }),
      ...createSendMethods({
        submitter: chain.submitter,
        blocks: chain.source,
        defaultSyncTimeoutMs: 100,
        realtimeTimeoutMs: 50,
      }),
    },
  })
})
afterAll(() => server.close())

const chainDef = {
  id: 31337,
  name: 'memory',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [] } },
} as const
const publicClient = () =>
  createPublicClient({ chain: chainDef, transport: http(server.url, { retryCount: 0 }) })
const wallet = () =>
  createWalletClient({ account, chain: chainDef, transport: http(server.url, { retryCount: 0 }) })
const sign = (nonce: number) =>
  account.signTransaction({
    chainId: 31337,
    to,
    value: 1000n,
    nonce,
    gas: 21_000n,
    maxFeePerGas: 2n,
    maxPriorityFeePerGas: 1n,
  })

describe('chain methods over the capability interfaces', () => {
  it('reads state with viem', async () => {
    const client = publicClient()
    expect(await client.getBalance({ address: account.address })).toBe(10n ** 22n)
    expect(await client.getTransactionCount({ address: account.address })).toBe(0)
    expect(await client.getCode({ address: hex(contract) as `0x${string}` })).toBe('0x6000')
    expect(await client.getStorageAt({ address: hex(contract) as `0x${string}`, slot: '0x1' })).toBe(
      `0x${'0'.repeat(62)}2a`,
    )
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(0n)
  })

  it('refuses state outside the history window with a clear error', async () => {
    chain.seal()
    await expect(
      publicClient().getBalance({ address: account.address, blockNumber: 0n }),
    ).rejects.toMatchObject({
      code: -32001,
    })
  })

  it('sends with eth_sendRawTransaction and reads the tx and receipt back', async () => {
    const client = publicClient()
    const hash = await wallet().sendRawTransaction({ serializedTransaction: await sign(0) })
    const tx = await client.getTransaction({ hash })
    expect(tx).toMatchObject({
      hash,
      from: account.address.toLowerCase(),
      to,
      value: 1000n,
      nonce: 0,
      type: 'eip1559',
    })
    expect(tx.blockHash).toBe(`0x${'0'.repeat(64)}`) // its block is still open
    const block = chain.seal()
    const receipt = await client.getTransactionReceipt({ hash })
    expect(receipt).toMatchObject({
      status: 'success',
      gasUsed: 21_000n,
      blockHash: hex(block.hash),
      blockNumber: 2n,
    })
    const got = await client.getBlock({ blockNumber: 2n, includeTransactions: true })
    expect(got.hash).toBe(hex(block.hash))
    expect(got.transactions.map((t) => t.hash)).toEqual([hash])
    expect((await client.getBlock({ blockHash: hex(block.hash) as `0x${string}` })).transactions).toEqual([
      hash,
    ])
    expect((await client.getBlock({ blockTag: 'latest' })).number).toBe(2n)
    expect(await client.getBalance({ address: to })).toBe(1000n)
  })

  it('returns the receipt from eth_sendRawTransactionSync (viem sendRawTransactionSync)', async () => {
    const receipt = await wallet().sendRawTransactionSync({ serializedTransaction: await sign(1) })
    expect(receipt).toMatchObject({ status: 'success', from: account.address.toLowerCase(), to })
  })

  it('maps rejections: nonce too low -32000, nonce gap on sync send 5, timeout 4 with the hash', async () => {
    const client = publicClient()
    await expect(wallet().sendRawTransaction({ serializedTransaction: await sign(0) })).rejects.toMatchObject(
      {
        details: 'nonce too low',
      },
    )
    const gap = await sign(9)
    await expect(
      client.request({ method: 'eth_sendRawTransactionSync' as never, params: [gap] as never }),
    ).rejects.toMatchObject({
      code: 5,
    })
    chain.setHold(true)
    const held = await sign(2)
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'eth_sendRawTransactionSync',
        params: [held, 50],
      }),
    })
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: 4, message: 'transaction not included within 50 ms', data: keccak256(held) },
    })
    const realtime = await publicClient()
      .request({ method: 'realtime_sendRawTransaction' as never, params: [held] as never })
      .catch((e: unknown) => e)
    expect(realtime).toMatchObject({ code: -32000, details: 'realtime transaction expired' })
    chain.setHold(false)
  })

  it('rejects undecodable transaction bytes with -32000 before submitting', async () => {
    await expect(
      publicClient().request({ method: 'eth_sendRawTransaction', params: ['0x02c0ffee'] }),
    ).rejects.toMatchObject({
      code: -32000,
    })
  })

  it('returns null for unknown hashes and blocks', async () => {
    const client = publicClient()
    const none = `0x${'99'.repeat(32)}` as const
    expect(await client.request({ method: 'eth_getTransactionByHash', params: [none] })).toBeNull()
    expect(await client.request({ method: 'eth_getTransactionReceipt', params: [none] })).toBeNull()
    expect(await client.request({ method: 'eth_getBlockByNumber', params: ['0x99', false] })).toBeNull()
  })
})
