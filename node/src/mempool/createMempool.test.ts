import { ErrorCode, PayloadTooLargeError, RtevmError } from '@rtevm/protocol'
import { FeeTooLowError, InsufficientFundsError, NonceTooLowError } from '@rtevm/protocol/errors'
import { describe, expect, it } from 'vitest'
import {
  AlreadyKnownError,
  createMempool,
  InvalidMempoolOptionsError,
  MempoolFullError,
  NonceTooHighError,
  ReplacementUnderpricedError,
  SenderQueueFullError,
  TipAboveFeeCapError,
} from './index.ts'
import { testAddress, testTransaction as tx } from './testTransaction.ts'

const alice = testAddress(1)
const bob = testAddress(2)
const carol = testAddress(3)
const rich = { nonce: 0n, balance: 10n ** 30n }
const at = (nonce: bigint) => ({ nonce, balance: 10n ** 30n })

/** Pops everything ready, reporting each executed nonce like the sequencer does. */
function drain(pool: ReturnType<typeof createMempool>, baseFee = 0n) {
  const out: string[] = []
  for (let next = pool.popReady(baseFee); next; next = pool.popReady(baseFee)) {
    out.push(`${next.sender === alice ? 'a' : next.sender === bob ? 'b' : 'c'}${next.nonce}`)
    pool.onNonceAdvanced(next.sender, next.nonce + 1n)
  }
  return out
}

function rejection(run: () => unknown): RtevmError {
  try {
    run()
  } catch (error) {
    if (error instanceof RtevmError) return error
    throw error
  }
  throw new Error('expected a rejection')
}

describe('rejections', () => {
  it('AlreadyKnown for a duplicate hash', () => {
    const pool = createMempool()
    pool.add(tx({ sender: alice, nonce: 0n, hash: '0xaa' }), rich, 0n)
    const error = rejection(() => pool.add(tx({ sender: alice, nonce: 1n, hash: '0xaa' }), rich, 0n))
    expect(error).toBeInstanceOf(AlreadyKnownError)
    expect(error.code).toBe(ErrorCode.AlreadyKnown)
    expect(error.message).toBe('already known: transaction 0xaa is already in the mempool')
  })

  it('InvalidTransaction when the tip cap exceeds the fee cap', () => {
    const error = rejection(() =>
      createMempool().add(
        tx({ sender: alice, nonce: 0n, hash: '0x01', maxFeePerGas: 5n, maxPriorityFeePerGas: 6n }),
        rich,
        0n,
      ),
    )
    expect(error).toBeInstanceOf(TipAboveFeeCapError)
    expect(error.code).toBe(ErrorCode.InvalidTransaction)
    expect(error.message).toBe('invalid transaction 0x01: maxPriorityFeePerGas 6 is above maxFeePerGas 5')
  })

  it('FeeTooLow when the fee cap is below the base fee', () => {
    const error = rejection(() =>
      createMempool().add(
        tx({ sender: alice, nonce: 0n, hash: '0x01', maxFeePerGas: 7n, maxPriorityFeePerGas: 1n }),
        rich,
        8n,
      ),
    )
    expect(error).toBeInstanceOf(FeeTooLowError)
    expect(error.code).toBe(ErrorCode.FeeTooLow)
    expect(error.message).toBe('transaction underpriced: 0x01 has maxFeePerGas 7, below the base fee 8')
  })

  it('NonceTooLow below the account nonce', () => {
    const error = rejection(() => createMempool().add(tx({ sender: alice, nonce: 3n }), at(5n), 0n))
    expect(error).toBeInstanceOf(NonceTooLowError)
    expect(error.code).toBe(ErrorCode.NonceTooLow)
    expect(error.message).toBe(`nonce too low: account ${alice} has nonce 5, transaction has 3`)
  })

  it('NonceTooHigh beyond account nonce + maxNonceGap, queued ones included', () => {
    const pool = createMempool({ maxNonceGap: 4 })
    expect(pool.add(tx({ sender: alice, nonce: 9n }), at(5n), 0n).ready).toBe(false)
    const error = rejection(() => pool.add(tx({ sender: alice, nonce: 10n }), at(5n), 0n))
    expect(error).toBeInstanceOf(NonceTooHighError)
    expect(error.code).toBe(ErrorCode.NonceTooHigh)
    expect(error.message).toBe(
      `nonce too high: account ${alice} has nonce 5, transaction has 10, more than 4 ahead`,
    )
  })

  it('InsufficientFunds when the cost exceeds the balance', () => {
    const error = rejection(() =>
      createMempool().add(tx({ sender: alice, nonce: 0n, cost: 101n }), { nonce: 0n, balance: 100n }, 0n),
    )
    expect(error).toBeInstanceOf(InsufficientFundsError)
    expect(error.code).toBe(ErrorCode.InsufficientFunds)
    expect(error.message).toBe(
      `insufficient funds: account ${alice} has balance 100, transaction costs up to 101`,
    )
  })

  it('checks each cost against the balance alone, not the sum of pending costs', () => {
    const pool = createMempool()
    const account = { nonce: 0n, balance: 100n }
    pool.add(tx({ sender: alice, nonce: 0n, cost: 100n }), account, 0n)
    expect(pool.add(tx({ sender: alice, nonce: 1n, cost: 100n }), account, 0n).ready).toBe(true)
  })

  it('SenderQueueFull past maxPerSender, retryable', () => {
    const pool = createMempool({ maxPerSender: 2 })
    pool.add(tx({ sender: alice, nonce: 0n }), rich, 0n)
    pool.add(tx({ sender: alice, nonce: 1n }), rich, 0n)
    const error = rejection(() => pool.add(tx({ sender: alice, nonce: 2n }), rich, 0n))
    expect(error).toBeInstanceOf(SenderQueueFullError)
    expect(error.code).toBe(ErrorCode.SenderQueueFull)
    expect(error.retryable).toBe(true)
    expect(error.message).toBe(
      `sender queue full: account ${alice} has 2 transactions in the mempool, the limit is 2`,
    )
  })

  it('MempoolFull when full of ready transactions, retryable', () => {
    const pool = createMempool({ maxTransactions: 2 })
    pool.add(tx({ sender: alice, nonce: 0n }), rich, 0n)
    pool.add(tx({ sender: bob, nonce: 0n }), rich, 0n)
    const error = rejection(() =>
      pool.add(tx({ sender: carol, nonce: 0n, hash: '0x03', maxPriorityFeePerGas: 99n }), rich, 0n),
    )
    expect(error).toBeInstanceOf(MempoolFullError)
    expect(error.code).toBe(ErrorCode.MempoolFull)
    expect(error.retryable).toBe(true)
    expect(error.message).toBe(
      'mempool full: holds 2 of 2 transactions and 220 of 33554432 bytes; ' +
        'no cheaper queued transaction can make room for 0x03 (110 bytes)',
    )
  })

  it('PayloadTooLarge for a transaction bigger than the whole pool', () => {
    const error = rejection(() =>
      createMempool({ maxBytes: 1000 }).add(tx({ sender: alice, nonce: 0n, size: 1001 }), rich, 0n),
    )
    expect(error).toBeInstanceOf(PayloadTooLargeError)
    expect(error.message).toBe('transaction of 1001 bytes exceeds the limit of 1000')
  })

  it('rejects unusable options', () => {
    expect(() => createMempool({ replacementBumpPercent: 2.5 })).toThrow(InvalidMempoolOptionsError)
    expect(() => createMempool({ maxTransactions: 0 })).toThrow(
      'invalid mempool option maxTransactions: 0 is not an integer of at least 1',
    )
  })
})

describe('replacement', () => {
  const original = tx({ sender: alice, nonce: 0n, maxFeePerGas: 100n, maxPriorityFeePerGas: 10n })

  it('accepts exactly +10% on both fee caps and returns the replaced transaction', () => {
    const pool = createMempool()
    pool.add(original, rich, 0n)
    const better = tx({ sender: alice, nonce: 0n, maxFeePerGas: 110n, maxPriorityFeePerGas: 11n })
    expect(pool.add(better, rich, 0n)).toEqual({ ready: true, replaced: original })
    expect(pool.has(original.hash)).toBe(false)
    expect(pool.size()).toBe(1)
    expect(pool.popReady(0n)).toBe(better)
  })

  it('rejects +9%, or +10% on only one of the caps', () => {
    const pool = createMempool()
    pool.add(original, rich, 0n)
    const error = rejection(() =>
      pool.add(tx({ sender: alice, nonce: 0n, maxFeePerGas: 109n, maxPriorityFeePerGas: 11n }), rich, 0n),
    )
    expect(error).toBeInstanceOf(ReplacementUnderpricedError)
    expect(error.code).toBe(ErrorCode.ReplacementUnderpriced)
    expect(error.message).toBe(
      `replacement transaction underpriced: account ${alice} nonce 0 needs a 10% bump to ` +
        'maxFeePerGas >= 110 and maxPriorityFeePerGas >= 11, got 109 and 11',
    )
    expect(() =>
      pool.add(tx({ sender: alice, nonce: 0n, maxFeePerGas: 200n, maxPriorityFeePerGas: 10n }), rich, 0n),
    ).toThrow(ReplacementUnderpricedError)
    expect(pool.get(original.hash)).toBe(original)
  })

  it('replaces a queued transaction and keeps it queued', () => {
    const pool = createMempool()
    pool.add(tx({ sender: alice, nonce: 2n }), rich, 0n)
    const result = pool.add(
      tx({ sender: alice, nonce: 2n, maxFeePerGas: 200n, maxPriorityFeePerGas: 20n }),
      rich,
      0n,
    )
    expect(result.ready).toBe(false)
    expect(pool.queued().map((t) => t.maxFeePerGas)).toEqual([200n])
  })
})

describe('ordering', () => {
  it('hands out one sender strictly in nonce order, whatever the arrival order', () => {
    const pool = createMempool()
    for (const nonce of [2n, 0n, 1n]) pool.add(tx({ sender: alice, nonce }), rich, 0n)
    expect(drain(pool)).toEqual(['a0', 'a1', 'a2'])
  })

  it('holds a gap until it is filled', () => {
    const pool = createMempool()
    expect(pool.add(tx({ sender: alice, nonce: 0n }), rich, 0n).ready).toBe(true)
    expect(pool.add(tx({ sender: alice, nonce: 2n }), rich, 0n).ready).toBe(false)
    expect(pool.add(tx({ sender: alice, nonce: 3n }), rich, 0n).ready).toBe(false)
    expect([pool.readyCount(), pool.pending().length, pool.queued().length]).toEqual([1, 1, 2])
    expect(drain(pool)).toEqual(['a0'])
    expect(pool.popReady(0n)).toBeUndefined()
    expect(pool.add(tx({ sender: alice, nonce: 1n }), at(1n), 0n).ready).toBe(true)
    expect([pool.readyCount(), pool.queued().length]).toEqual([3, 0])
    expect(drain(pool)).toEqual(['a1', 'a2', 'a3'])
  })

  it('orders senders by effective tip, then by arrival', () => {
    const pool = createMempool()
    pool.add(tx({ sender: alice, nonce: 0n, maxPriorityFeePerGas: 5n }), rich, 0n)
    pool.add(tx({ sender: bob, nonce: 0n, maxPriorityFeePerGas: 9n }), rich, 0n)
    pool.add(tx({ sender: carol, nonce: 0n, maxPriorityFeePerGas: 5n }), rich, 0n)
    pool.add(tx({ sender: bob, nonce: 1n, maxPriorityFeePerGas: 1n }), rich, 0n)
    // Bob's second tip is lowest, so alice and carol (FIFO between equals) go before it.
    expect(drain(pool)).toEqual(['b0', 'a0', 'c0', 'b1'])
  })

  it('uses min(tip cap, fee cap - base fee) and re-keys when the base fee changes', () => {
    const pool = createMempool()
    pool.add(tx({ sender: alice, nonce: 0n, maxFeePerGas: 20n, maxPriorityFeePerGas: 15n }), rich, 0n)
    pool.add(tx({ sender: bob, nonce: 0n, maxFeePerGas: 100n, maxPriorityFeePerGas: 8n }), rich, 0n)
    // Keyed at base fee 0 alice tips 15 and bob 8; at base fee 15 alice tips only 20 - 15 = 5.
    expect(pool.popReady(15n)?.sender).toBe(bob)
    expect(pool.popReady(15n)?.sender).toBe(alice)
  })

  it('returns nothing while no ready transaction covers the base fee', () => {
    const pool = createMempool()
    pool.add(tx({ sender: alice, nonce: 0n, maxFeePerGas: 20n }), rich, 0n)
    expect(pool.popReady(21n)).toBeUndefined()
    expect(pool.popReady(20n)?.sender).toBe(alice)
  })

  it('treats sender addresses case-insensitively', () => {
    const pool = createMempool()
    pool.add(tx({ sender: '0xABCDEF0000000000000000000000000000000001', nonce: 0n }), rich, 0n)
    pool.add(tx({ sender: '0xabcdef0000000000000000000000000000000001', nonce: 1n }), rich, 0n)
    expect(pool.readyCount()).toBe(2)
  })
})

describe('nonce reports', () => {
  it('drops stale transactions when the account nonce moves past them', () => {
    const pool = createMempool()
    for (const nonce of [0n, 1n, 2n, 4n]) pool.add(tx({ sender: alice, nonce }), rich, 0n)
    pool.onNonceAdvanced(alice, 2n)
    expect(pool.size()).toBe(2)
    expect(drain(pool)).toEqual(['a2'])
    expect(pool.queued().map((t) => t.nonce)).toEqual([4n])
  })

  it('after a failed inclusion keeps the successors queued until the nonce is refilled', () => {
    const pool = createMempool()
    for (const nonce of [0n, 1n]) pool.add(tx({ sender: alice, nonce }), rich, 0n)
    expect(pool.popReady(0n)?.nonce).toBe(0n)
    pool.onNonceAdvanced(alice, 0n) // not included: the account nonce did not move
    expect(pool.popReady(0n)).toBeUndefined()
    expect(pool.queued().map((t) => t.nonce)).toEqual([1n])
    pool.add(tx({ sender: alice, nonce: 0n, hash: '0xrefill' }), rich, 0n)
    expect(drain(pool)).toEqual(['a0', 'a1'])
  })

  it('learns a newer account nonce from add', () => {
    const pool = createMempool()
    pool.add(tx({ sender: alice, nonce: 0n }), rich, 0n)
    expect(pool.add(tx({ sender: alice, nonce: 1n }), at(1n), 0n).ready).toBe(true)
    expect(pool.size()).toBe(1)
  })

  it('remove turns the later transactions of the sender into queued ones', () => {
    const pool = createMempool()
    const txs = [0n, 1n, 2n].map((nonce) => tx({ sender: alice, nonce }))
    for (const t of txs) pool.add(t, rich, 0n)
    expect(pool.remove(txs[1].hash)).toBe(true)
    expect(pool.remove(txs[1].hash)).toBe(false)
    expect([pool.readyCount(), pool.queued().length, pool.size()]).toEqual([1, 1, 2])
  })
})

describe('limits and eviction', () => {
  it('evicts the cheapest queued transaction for one that pays more', () => {
    const pool = createMempool({ maxTransactions: 3 })
    pool.add(tx({ sender: alice, nonce: 0n }), rich, 0n)
    const cheap = tx({ sender: bob, nonce: 5n, maxPriorityFeePerGas: 2n })
    pool.add(cheap, rich, 0n)
    pool.add(tx({ sender: bob, nonce: 6n, maxPriorityFeePerGas: 4n }), rich, 0n)
    // Equal tip to the cheapest is not enough.
    expect(() => pool.add(tx({ sender: carol, nonce: 0n, maxPriorityFeePerGas: 2n }), rich, 0n)).toThrow(
      MempoolFullError,
    )
    const result = pool.add(tx({ sender: carol, nonce: 0n, maxPriorityFeePerGas: 3n }), rich, 0n)
    expect(result).toEqual({ ready: true, evicted: [cheap] })
    expect([pool.size(), pool.has(cheap.hash)]).toEqual([3, false])
  })

  it('evicts several queued transactions to free bytes, or none at all', () => {
    const pool = createMempool({ maxBytes: 1000 })
    pool.add(tx({ sender: alice, nonce: 1n, size: 300, maxPriorityFeePerGas: 1n }), rich, 0n)
    pool.add(tx({ sender: bob, nonce: 1n, size: 300, maxPriorityFeePerGas: 2n }), rich, 0n)
    pool.add(tx({ sender: carol, nonce: 1n, size: 300, maxPriorityFeePerGas: 9n }), rich, 0n)
    // Needs 500 bytes free: evicting the 1 and 2 tips gives 700, never touching the 9.
    expect(() =>
      pool.add(tx({ sender: carol, nonce: 0n, size: 800, maxPriorityFeePerGas: 9n }), rich, 0n),
    ).toThrow(MempoolFullError)
    expect(pool.size()).toBe(3)
    const result = pool.add(tx({ sender: carol, nonce: 0n, size: 500, maxPriorityFeePerGas: 5n }), rich, 0n)
    expect(result.evicted?.map((t) => t.maxPriorityFeePerGas)).toEqual([1n, 2n])
    expect([pool.size(), pool.bytes(), pool.readyCount()]).toEqual([2, 800, 2])
  })

  it('a larger replacement never evicts the transaction it replaces', () => {
    const pool = createMempool({ maxBytes: 500 })
    pool.add(tx({ sender: alice, nonce: 3n, size: 200, maxPriorityFeePerGas: 1n }), rich, 0n)
    pool.add(tx({ sender: bob, nonce: 0n, size: 200 }), rich, 0n)
    const bigger = tx({ sender: alice, nonce: 3n, size: 400, maxFeePerGas: 200n, maxPriorityFeePerGas: 50n })
    expect(() => pool.add(bigger, rich, 0n)).toThrow(MempoolFullError)
    expect([pool.size(), pool.bytes()]).toEqual([2, 400])
    // The failed attempt left alice's transaction evictable.
    const result = pool.add(tx({ sender: carol, nonce: 0n, size: 200, maxPriorityFeePerGas: 5n }), rich, 0n)
    expect(result.evicted?.map((t) => t.sender)).toEqual([alice])
  })

  it('among equally cheap queued transactions evicts the newest', () => {
    const pool = createMempool({ maxTransactions: 2 })
    const older = tx({ sender: alice, nonce: 1n, maxPriorityFeePerGas: 1n })
    const newer = tx({ sender: bob, nonce: 1n, maxPriorityFeePerGas: 1n })
    pool.add(older, rich, 0n)
    pool.add(newer, rich, 0n)
    expect(pool.add(tx({ sender: carol, nonce: 0n }), rich, 0n).evicted).toEqual([newer])
  })
})
