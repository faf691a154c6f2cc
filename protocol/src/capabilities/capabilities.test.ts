import { describe, expect, it } from 'vitest'
import { EstimateGasError } from '../errors/index.ts'
import type { Block, MiniBlock, StreamEvent, TxInclusion } from '../types/index.ts'
import {
  createMemoryBlockSource,
  createMemoryCaller,
  createMemoryEventFeed,
  createMemoryProver,
  createMemoryState,
  createMemorySubmitter,
} from './index.ts'

const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill)
const log = (address: number, topic: number) => ({
  address: bytes(20, address),
  topics: [bytes(32, topic)],
  data: bytes(0, 0),
})
const receipt = (logs: ReturnType<typeof log>[]) => ({
  status: 1 as const,
  gasUsed: 21_000n,
  cumulativeGasUsed: 21_000n,
  effectiveGasPrice: 1n,
  logs,
})

function miniBlock(number: bigint, hash: number, logs: ReturnType<typeof log>[]): MiniBlock {
  return {
    number,
    blockNumber: 1n,
    indexInBlock: Number(number) - 1,
    firstTxIndex: Number(number) - 1,
    timestampUs: number * 1_000n,
    gasUsed: 21_000n,
    transactions: [{ raw: bytes(1, hash), hash: bytes(32, hash), from: bytes(20, 9) }],
    receipts: [receipt(logs)],
    stateDiff: { accounts: [] },
  } as MiniBlock
}

describe('in-memory capabilities', () => {
  it('state reads what was set, zero and empty for the rest', () => {
    const state = createMemoryState()
    state.setAccount(bytes(20, 1), { nonce: 2n, balance: 3n, codeHash: bytes(32, 0) })
    state.setStorage(bytes(20, 1), bytes(32, 5), 7n)
    expect(state.getAccount(bytes(20, 1))?.nonce).toBe(2n)
    expect(state.getAccount(bytes(20, 2))).toBeUndefined()
    expect(state.getStorage(bytes(20, 1), bytes(32, 5))).toBe(7n)
    expect(state.getStorage(bytes(20, 1), bytes(32, 6))).toBe(0n)
    expect(state.getCode(bytes(20, 1))).toEqual(new Uint8Array())
  })

  it('a block source indexes transactions and logs with their block positions', () => {
    const source = createMemoryBlockSource()
    source.addMiniBlock(miniBlock(1n, 0xa1, [log(1, 1), log(2, 2)]))
    source.addMiniBlock(miniBlock(2n, 0xa2, [log(1, 2)]))
    expect(source.head().miniBlock).toBe(2n)
    expect(source.getTransaction(bytes(32, 0xa2))).toMatchObject({ txIndex: 1, firstLogIndex: 2 })
    const fromOne = source.getLogs({
      fromMiniBlock: 1n,
      toMiniBlock: 2n,
      addresses: [bytes(20, 1)],
      limit: 10,
    })
    expect(fromOne.map((l) => l.logIndex)).toEqual([0, 2])
    expect(source.getLogs({ fromMiniBlock: 1n, toMiniBlock: 2n, limit: 2 })).toHaveLength(2)
    const block = { hash: bytes(32, 0xb1), header: { number: 1n } } as Block
    source.addBlock(block)
    expect(source.head().block).toBe(1n)
    expect(source.getBlockByHash(bytes(32, 0xb1))).toBe(block)
  })

  it('an event feed tells its listeners until they unsubscribe', () => {
    const feed = createMemoryEventFeed()
    const seen: bigint[] = []
    const stop = feed.onEvent((event) => seen.push(event.seq))
    feed.publish({ kind: 'finality', seq: 1n } as StreamEvent)
    stop()
    feed.publish({ kind: 'finality', seq: 2n } as StreamEvent)
    expect(seen).toEqual([1n])
    expect(feed.lastSeq()).toBe(2n)
    expect(feed.listeners()).toBe(0)
  })

  it('a submitter, a caller and a prover answer as told', async () => {
    const inclusion = { miniBlockNumber: 4n } as TxInclusion
    const submitter = createMemorySubmitter(() => inclusion)
    expect(await submitter.submit(bytes(1, 1))).toBe(inclusion)
    expect(submitter.submitted).toHaveLength(1)

    const ok = createMemoryCaller(() => ({
      success: true,
      returnData: bytes(1, 1),
      gasUsed: 30_000n,
      logs: [],
    }))
    const context = {} as Parameters<typeof ok.call>[1]
    expect(await ok.estimateGas({}, context)).toBe(30_000n)
    const failing = createMemoryCaller(() => ({
      success: false,
      returnData: bytes(0, 0),
      gasUsed: 0n,
      logs: [],
      error: 'revert',
    }))
    await expect(failing.estimateGas({}, context)).rejects.toBeInstanceOf(EstimateGasError)

    const prover = createMemoryProver(7n, (address) => ({
      address,
      nonce: 0n,
      balance: 0n,
      codeHash: bytes(32, 0),
      storageRoot: bytes(32, 0),
      accountProof: [],
      storageProofs: [],
    }))
    expect(prover.prove(bytes(20, 1), []).blockNumber).toBe(7n)
  })
})
