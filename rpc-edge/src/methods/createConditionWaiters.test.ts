import type { MiniBlock, StreamEvent } from '@rtevm/protocol'
import type { EventListener } from '@rtevm/protocol/capabilities'
import { describe, expect, it } from 'vitest'
import { createConditionWaiters } from './createConditionWaiters.ts'

function fakeReplica() {
  let miniBlock = 0n
  const listeners = new Set<EventListener>()
  const included = new Set<string>()
  return {
    listeners,
    head: () => ({ miniBlock, block: 0n, safe: 0n, finalized: 0n }),
    getTransaction: (hash: Uint8Array) => (included.has(hash.join()) ? ({} as never) : undefined),
    onEvent(listener: EventListener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    applyMiniBlock(hashes: Uint8Array[]) {
      miniBlock++
      for (const hash of hashes) included.add(hash.join())
      const transactions = hashes.map((hash) => ({ hash }))
      const event = {
        kind: 'miniBlock',
        seq: miniBlock,
        miniBlock: { number: miniBlock, transactions } as unknown as MiniBlock,
      }
      for (const listener of listeners) listener(event as StreamEvent)
    },
  }
}

const hash = (byte: number) => new Uint8Array(32).fill(byte)
const txCondition = (byte: number) =>
  ({
    kind: 'transaction',
    hash: hash(byte),
    hex: `0x${byte.toString(16).padStart(2, '0').repeat(32)}`,
  }) as const

describe('createConditionWaiters', () => {
  it('listens to the replica only while someone waits', async () => {
    const replica = fakeReplica()
    const waiters = createConditionWaiters({ replica, maxWaiters: 10 })
    expect(replica.listeners.size).toBe(0)
    const byTx = waiters.wait(txCondition(7), 5_000)
    const byHeight = waiters.wait({ kind: 'miniBlock', number: 2n }, 5_000)
    expect(replica.listeners.size).toBe(1)
    expect(waiters.size()).toBe(2)
    replica.applyMiniBlock([hash(7)])
    await byTx
    expect(waiters.size()).toBe(1)
    replica.applyMiniBlock([])
    await byHeight
    expect(waiters.size()).toBe(0)
    expect(replica.listeners.size).toBe(0)
    // Already true: no waiting, no listener.
    await waiters.wait(txCondition(7), 5_000)
    expect(replica.listeners.size).toBe(0)
  })

  it('a timed-out waiter is removed and frees its slot', async () => {
    const replica = fakeReplica()
    const waiters = createConditionWaiters({ replica, maxWaiters: 1 })
    const first = waiters.wait(txCondition(1), 10)
    await expect(waiters.wait(txCondition(2), 10)).rejects.toMatchObject({ code: 'RPC_LIMIT_EXCEEDED' })
    await expect(first).rejects.toMatchObject({ code: 'TIMEOUT', data: txCondition(1).hex })
    expect(waiters.size()).toBe(0)
    expect(replica.listeners.size).toBe(0)
    const second = waiters.wait(txCondition(2), 1_000)
    replica.applyMiniBlock([hash(2)])
    await second
  })
})
