import type { ReplicaListener } from '@rtevm/node'
import type { MiniBlock, StreamEvent, TxInclusion } from '@rtevm/protocol'
import { describe, expect, it } from 'vitest'
import { createReplicaSubmitter } from './createReplicaSubmitter.ts'

function fakeReplica() {
  let miniBlock = 0n
  const listeners = new Set<ReplicaListener>()
  return {
    head: () => ({ miniBlock, block: 0n, safe: 0n, finalized: 0n }),
    onEvent(listener: ReplicaListener) {
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
const admitAll = { check: async () => {}, close: async () => {} }

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
})
