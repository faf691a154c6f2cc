import type { MiniBlock, StreamEvent, TransactionRecord, TxInclusion } from '@rtevm/protocol'
import type { EventListener } from '@rtevm/protocol/capabilities'
import { keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { createReplicaSubmitter } from './createReplicaSubmitter.ts'

function fakeReplica() {
  let miniBlock = 0n
  const listeners = new Set<EventListener>()
  const records = new Map<string, TransactionRecord>()
  return {
    head: () => ({ miniBlock, block: 0n, safe: 0n, finalized: 0n }),
    getTransaction: (hash: Uint8Array) => records.get(Buffer.from(hash).toString('hex')),
    /** Applies mini-block `number` holding the transaction `raw`. */
    applyWith(number: bigint, raw: Uint8Array) {
      const hash = keccak256(raw, 'bytes')
      records.set(Buffer.from(hash).toString('hex'), {
        tx: { hash },
        miniBlockNumber: number,
        blockNumber: 1n,
        txIndex: 0,
      } as TransactionRecord)
      this.applyMiniBlock(number)
    },
    onEvent(listener: EventListener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    applyMiniBlock(number: bigint) {
      miniBlock = number
      const event = { kind: 'miniBlock', seq: number, miniBlock: { number } as MiniBlock } as StreamEvent
      for (const listener of listeners) listener(event)
    },
  }
}

const inclusion = (miniBlockNumber: bigint) => ({ miniBlockNumber }) as TxInclusion
/** Admits everything, as admission does: with the hash and a sender. */
const admitAll = {
  check: async (raw: Uint8Array) => ({
    hash: keccak256(raw, 'bytes'),
    publicKey: new Uint8Array(64),
    from: new Uint8Array(20),
  }),
  close: async () => {},
}

describe('createReplicaSubmitter', () => {
  it('resolves only once the replica applied the including mini-block', async () => {
    const replica = fakeReplica()
    const submitter = createReplicaSubmitter({
      link: { submit: async () => inclusion(3n) },
      replica,
      admission: admitAll,
      maxWaitMs: 5_000,
    })
    let done = false
    const sent = submitter.submit(new Uint8Array()).then(() => {
      done = true
    })
    await new Promise((r) => setTimeout(r, 10))
    replica.applyMiniBlock(2n)
    await new Promise((r) => setTimeout(r, 10))
    expect(done).toBe(false)
    replica.applyMiniBlock(3n)
    await sent
    expect(done).toBe(true)
    submitter.close()
  })

  it('resolves at once when the replica is already there, and gives up waiting after maxWaitMs', async () => {
    const replica = fakeReplica()
    replica.applyMiniBlock(5n)
    const submitter = createReplicaSubmitter({
      link: { submit: async (raw) => inclusion(raw.length === 0 ? 4n : 9n) },
      replica,
      admission: admitAll,
      maxWaitMs: 20,
    })
    expect((await submitter.submit(new Uint8Array())).miniBlockNumber).toBe(4n)
    const started = Date.now()
    expect((await submitter.submit(new Uint8Array(1))).miniBlockNumber).toBe(9n)
    expect(Date.now() - started).toBeGreaterThanOrEqual(15)
    submitter.close()
  })

  it("answers from the replica when the mini-block arrives before the sequencer's reply", async () => {
    const replica = fakeReplica()
    const submitter = createReplicaSubmitter({
      link: { submit: () => new Promise<TxInclusion>(() => {}) },
      replica,
      admission: admitAll,
      maxWaitMs: 5_000,
    })
    const raw = Uint8Array.of(1, 2, 3)
    const sent = submitter.submit(raw)
    await new Promise((r) => setTimeout(r, 5))
    replica.applyWith(7n, raw)
    const answered = await sent
    expect(answered.miniBlockNumber).toBe(7n)
    expect(answered.hash).toEqual(keccak256(raw, 'bytes'))
    submitter.close()
  })

  it("rejects with the sequencer's error without waiting for the replica", async () => {
    const replica = fakeReplica()
    const submitter = createReplicaSubmitter({
      link: { submit: async () => Promise.reject(new Error('nonce too low')) },
      replica,
      admission: admitAll,
      maxWaitMs: 5_000,
    })
    await expect(submitter.submit(new Uint8Array(1))).rejects.toThrow('nonce too low')
    submitter.close()
  })

  it('resolves when the reply comes after the mini-block it names', async () => {
    const replica = fakeReplica()
    let answer: (inclusion: TxInclusion) => void = () => {}
    const submitter = createReplicaSubmitter({
      link: { submit: () => new Promise<TxInclusion>((resolve) => (answer = resolve)) },
      replica,
      admission: admitAll,
      maxWaitMs: 5_000,
    })
    const sent = submitter.submit(new Uint8Array(2))
    await new Promise((r) => setTimeout(r, 5))
    replica.applyMiniBlock(4n)
    answer(inclusion(4n))
    expect((await sent).miniBlockNumber).toBe(4n)
    submitter.close()
  })
})
