import { encodeStreamEvent, type MiniBlock, type StreamEvent } from '@rtevm/protocol'
import { describe, expect, it } from 'vitest'
import { sampleMiniBlockEvent } from '../da/sampleEvents.ts'
import { createChainIndex } from './createChainIndex.ts'

// About 1 700 transactions: more than the index keeps decoded, so the oldest come back from their encoding.
const MINI_BLOCKS = 1_400
const TOKEN = new Uint8Array(20).fill(0xaa)
const TRANSFER = new Uint8Array(32).fill(0xdd)

/** Mini-block `n`: every third carries two logs in its first transaction (the second from TOKEN), every fifth a second transaction with a log from TOKEN. */
function miniBlockEvent(n: bigint): Extract<StreamEvent, { kind: 'miniBlock' }> {
  const event = sampleMiniBlockEvent(n, { blockNumber: 1n + n / 100n }) as Extract<
    StreamEvent,
    { kind: 'miniBlock' }
  >
  const miniBlock = event.miniBlock
  if (n % 5n === 0n) {
    const hash = new Uint8Array(32).fill(0x55)
    hash.set(new Uint8Array(new BigUint64Array([n]).buffer))
    miniBlock.transactions.push({ ...miniBlock.transactions[0], hash })
    miniBlock.receipts.push({
      ...miniBlock.receipts[0],
      logs: [{ address: TOKEN, topics: [TRANSFER], data: new Uint8Array([1]) }],
    })
  }
  if (n % 3n === 0n) {
    miniBlock.receipts[0].logs = [
      { address: new Uint8Array(20).fill(1), topics: [TRANSFER], data: new Uint8Array([Number(n % 256n)]) },
      { address: TOKEN, topics: [TRANSFER, new Uint8Array(32).fill(2)], data: new Uint8Array(0) },
    ]
  }
  return event
}

function logsOf(miniBlock: MiniBlock): number {
  return miniBlock.receipts.reduce((sum, r) => sum + r.logs.length, 0)
}

/** Fills an index with MINI_BLOCKS mini-blocks; every other one comes with its event encoding. */
function filledIndex() {
  const index = createChainIndex()
  const added: MiniBlock[] = []
  let firstLogIndex = 0
  for (let n = 1n; n <= BigInt(MINI_BLOCKS); n++) {
    const event = miniBlockEvent(n)
    const encoded = n % 2n === 0n ? encodeStreamEvent(event) : undefined
    index.addMiniBlock(event.miniBlock, firstLogIndex, encoded)
    added.push(event.miniBlock)
    firstLogIndex += logsOf(event.miniBlock)
  }
  return { index, added }
}

describe('createChainIndex', () => {
  it('reads back every mini-block, transaction and log as added, whether kept decoded or encoded', () => {
    const { index, added } = filledIndex()
    let firstLogIndex = 0
    const expectedLogs: { hash: Uint8Array; logIndex: number; address: Uint8Array }[] = []
    for (const miniBlock of added) {
      // The oldest ones left the decoded window long ago and come back from their encoding.
      expect(index.getMiniBlock(miniBlock.number)).toEqual(miniBlock)
      let logIndex = firstLogIndex
      miniBlock.transactions.forEach((tx, i) => {
        expect(index.getTransaction(tx.hash)).toEqual({
          tx,
          receipt: miniBlock.receipts[i],
          miniBlockNumber: miniBlock.number,
          blockNumber: miniBlock.blockNumber,
          txIndex: miniBlock.firstTxIndex + i,
          firstLogIndex: logIndex,
          timestampUs: miniBlock.timestampUs,
        })
        for (const log of miniBlock.receipts[i].logs) {
          if (log.address.every((b) => b === 0xaa))
            expectedLogs.push({ hash: tx.hash, logIndex, address: log.address })
          logIndex++
        }
      })
      firstLogIndex = logIndex
    }
    const logs = index.getLogs({ addresses: [TOKEN], fromMiniBlock: 0n, toMiniBlock: 10_000n, limit: 10_000 })
    expect(logs.map((l) => ({ hash: l.transactionHash, logIndex: l.logIndex, address: l.address }))).toEqual(
      expectedLogs,
    )
    expect(logs).toHaveLength(Math.floor(MINI_BLOCKS / 3) + Math.floor(MINI_BLOCKS / 5))
    expect(index.getLogs({ topics: [TRANSFER], fromMiniBlock: 1n, toMiniBlock: 9n, limit: 3 })).toHaveLength(
      3,
    )
  })

  it('rewinds through encoded history, handing back the abandoned mini-blocks as added', () => {
    const { index, added } = filledIndex()
    const back = 100n
    const { miniBlocks } = index.rewind(0n, back)
    expect(miniBlocks).toEqual(added.slice(Number(back)))
    expect(index.newestMiniBlock()).toBe(back)
    expect(index.getMiniBlock(back + 1n)).toBeUndefined()
    const forgotten = added[Number(back)].transactions[0].hash
    expect(index.getTransaction(forgotten)).toBeUndefined()
    // The history grows again from there, the old entries still readable.
    const next = miniBlockEvent(back + 1n)
    index.addMiniBlock(next.miniBlock, 0)
    expect(index.getMiniBlock(back + 1n)).toEqual(next.miniBlock)
    expect(index.getMiniBlock(1n)).toEqual(added[0])
  })

  it('prunes the oldest mini-blocks with their transactions, encoded or not', () => {
    const index = createChainIndex({ retainMiniBlocks: 1_000 })
    const added: MiniBlock[] = []
    for (let n = 1n; n <= BigInt(MINI_BLOCKS); n++) {
      const event = miniBlockEvent(n)
      index.addMiniBlock(event.miniBlock, 0)
      added.push(event.miniBlock)
    }
    const oldestKept = BigInt(MINI_BLOCKS - 1_000 + 1)
    expect(index.getMiniBlock(oldestKept - 1n)).toBeUndefined()
    expect(index.getTransaction(added[Number(oldestKept) - 2].transactions[0].hash)).toBeUndefined()
    expect(index.getMiniBlock(oldestKept)).toEqual(added[Number(oldestKept) - 1])
    expect(index.getTransaction(added[Number(oldestKept) - 1].transactions[0].hash)?.miniBlockNumber).toBe(
      oldestKept,
    )
  })
})
