import {
  type Block,
  type BlockSource,
  createMemoryState,
  hashBlockHeader,
  type MiniBlock,
} from '@rtevm/protocol'
import { bytesToHex, createPublicClient, hexToBytes, webSocket } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createChainMethods } from '../methods/index.ts'
import type { RpcServer } from '../server/index.ts'
import { openSocket, startTestServer } from '../server/rpcTestSupport.ts'
import { createStreamPublisher, type StreamPublisher } from './createStreamPublisher.ts'

const token = hexToBytes(`0x${'aa'.repeat(20)}`)
const other = hexToBytes(`0x${'bb'.repeat(20)}`)
const transferTopic = hexToBytes(`0x${'dd'.repeat(32)}`)
const z = (n: number) => new Uint8Array(n)

function miniBlock(number: bigint): MiniBlock {
  const tx = { raw: new Uint8Array([1]), hash: new Uint8Array(32).fill(Number(number)), from: other }
  const log = (address: Uint8Array) => ({ address, topics: [transferTopic], data: new Uint8Array([7]) })
  return {
    number,
    blockNumber: 1n,
    indexInBlock: Number(number) - 1,
    firstTxIndex: Number(number) - 1,
    timestampUs: 1_700_000_000_000_000n,
    gasUsed: 50_000n,
    transactions: [tx],
    receipts: [
      {
        status: 1,
        gasUsed: 50_000n,
        cumulativeGasUsed: 50_000n,
        effectiveGasPrice: 1n,
        logs: [log(token), log(other)],
      },
    ],
    stateDiff: {
      accounts: [
        {
          address: other,
          deleted: false,
          storageCleared: false,
          nonce: 1n,
          balance: 5n,
          codeHash: z(32),
          storage: [{ slot: z(32), value: 9n }],
        },
      ],
    },
  }
}

function block(): Block {
  const header = {
    parentHash: z(32),
    uncleHash: z(32),
    coinbase: z(20),
    stateRoot: z(32),
    transactionsRoot: z(32),
    receiptsRoot: z(32),
    logsBloom: z(256),
    difficulty: 0n,
    number: 1n,
    gasLimit: 30_000_000n,
    gasUsed: 50_000n,
    timestamp: 1_700_000_000n,
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
  return {
    header,
    hash: hashBlockHeader(header),
    miniBlockCount: 1,
    firstMiniBlock: 1n,
    transactionHashes: [],
  }
}

const sealedBlock = block()
const noBlocks: BlockSource = {
  head: () => ({ miniBlock: 1n, block: 1n, safe: 0n, finalized: 0n }),
  // viem's watchBlocks re-reads each announced head with eth_getBlockByNumber.
  getBlockByNumber: (n) => (n === 1n ? sealedBlock : undefined),
  getBlockByHash: () => undefined,
  getMiniBlock: () => undefined,
  getTransaction: () => undefined,
  getLogs: (q) =>
    q.fromMiniBlock === 1n
      ? [
          {
            ...miniBlock(1n).receipts[0].logs[0],
            blockNumber: 1n,
            miniBlockNumber: 1n,
            transactionHash: z(32),
            txIndex: 0,
            logIndex: 0,
          },
        ]
      : [],
}

let server: RpcServer
let publisher: StreamPublisher
beforeAll(async () => {
  server = await startTestServer({
    methods: createChainMethods({ state: createMemoryState(), blocks: noBlocks }),
  })
  publisher = createStreamPublisher({ registry: server.subscriptions, blocks: noBlocks })
})
afterAll(() => server.close())

describe('createStreamPublisher', () => {
  it('delivers newHeads to viem watchBlocks over webSocket()', async () => {
    const client = createPublicClient({ transport: webSocket(server.wsUrl) })
    const sealed = sealedBlock
    const got = new Promise<{ hash: string | null; number: bigint | null }>((resolve, reject) => {
      const stop = client.watchBlocks({
        onBlock: (b) => {
          stop()
          resolve(b)
        },
        onError: reject,
      })
    })
    await expect.poll(() => server.subscriptions.count()).toBe(1)
    publisher.publish({ kind: 'block', seq: 2n, block: sealed })
    const b = await got
    expect(b.hash).toBe(bytesToHex(sealed.hash))
    expect(b.number).toBe(1n)
    ;(await client.transport.getRpcClient()).socket.close()
  })

  it('delivers miniBlocks, pending txs, state changes and pending-log filters per mini-block', async () => {
    const s = await openSocket(server.wsUrl)
    const subscribe = async (params: unknown[]) => {
      s.send({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params })
      return ((await s.next()) as { result: string }).result
    }
    const ids = {
      mini: await subscribe(['miniBlocks', { detail: 'receipts' }]),
      pending: await subscribe(['newPendingTransactions']),
      state: await subscribe(['stateChanges']),
      logs: await subscribe([
        'logs',
        { address: bytesToHex(token), fromBlock: 'pending', toBlock: 'pending' },
      ]),
      sealedLogs: await subscribe(['logs', { topics: [bytesToHex(transferTopic)] }]),
    }
    publisher.publish({ kind: 'miniBlock', seq: 1n, miniBlock: miniBlock(1n) })
    const got = new Map<string, unknown[]>()
    for (let i = 0; i < 4; i++) {
      const m = (await s.next()) as { params: { subscription: string; miniBlock: string; result: unknown } }
      expect(m.params.miniBlock).toBe('0x1')
      got.set(m.params.subscription, [...(got.get(m.params.subscription) ?? []), m.params.result])
    }
    expect(got.get(ids.mini)?.[0]).toMatchObject({
      number: '0x1',
      blockNumber: '0x1',
      transactions: [bytesToHex(new Uint8Array(32).fill(1))],
    })
    expect(got.get(ids.pending)).toEqual([bytesToHex(new Uint8Array(32).fill(1))])
    expect(got.get(ids.state)?.[0]).toMatchObject({
      accounts: [{ nonce: '0x1', balance: '0x5', storage: [{ value: '0x9' }] }],
    })
    // Only the log from `token` matches the address filter.
    expect(got.get(ids.logs)).toEqual([
      expect.objectContaining({ address: bytesToHex(token), data: '0x07', removed: false }),
    ])
    expect(got.has(ids.sealedLogs)).toBe(false)

    publisher.publish({ kind: 'block', seq: 2n, block: block() })
    const sealed = (await s.next()) as { params: { subscription: string; result: { blockHash: string } } }
    expect(sealed.params.subscription).toBe(ids.sealedLogs)
    expect(sealed.params.result.blockHash).toBe(bytesToHex(block().hash))
    s.ws.close()
  })

  it('sends miniBlocks at the detail each subscriber asked for, and refuses an unknown one', async () => {
    const s = await openSocket(server.wsUrl)
    const subscribe = async (params: unknown[]) => {
      s.send({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params })
      return (await s.next()) as { result?: string; error?: { code: number } }
    }
    const header = (await subscribe(['miniBlocks', { detail: 'header' }])).result!
    const hashes = (await subscribe(['miniBlocks', { detail: 'hashes' }])).result!
    const receipts = (await subscribe(['miniBlocks', { detail: 'receipts' }])).result!
    expect((await subscribe(['miniBlocks', { detail: 'everything' }])).error?.code).toBe(-32602)
    publisher.publish({ kind: 'miniBlock', seq: 1n, miniBlock: miniBlock(1n) })
    const got = new Map<string, Record<string, unknown>>()
    for (let i = 0; i < 3; i++) {
      const m = (await s.next()) as { params: { subscription: string; result: Record<string, unknown> } }
      got.set(m.params.subscription, m.params.result)
    }
    expect(got.get(header)).toMatchObject({ number: '0x1', transactionCount: '0x1' })
    expect(got.get(header)).not.toHaveProperty('transactions')
    expect(got.get(hashes)).toMatchObject({ transactions: [bytesToHex(new Uint8Array(32).fill(1))] })
    expect(got.get(hashes)).not.toHaveProperty('receipts')
    expect(got.get(receipts)).toHaveProperty('receipts')
    s.ws.close()
  })
})
