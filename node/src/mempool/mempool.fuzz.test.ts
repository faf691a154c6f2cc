import { RtevmError } from '@rtevm/protocol'
import { NonceTooLowError } from '@rtevm/protocol/errors'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createMempool, type Mempool, type PoolTransaction } from './index.ts'
import { effectiveTip } from './senderQueue.ts'
import { testAddress, testTransaction } from './testTransaction.ts'

const limits = {
  maxTransactions: 12,
  maxBytes: 1500,
  maxPerSender: 4,
  maxNonceGap: 6,
  replacementBumpPercent: 10,
}
const senders = [0, 1, 2, 3].map(testAddress)
const baseFees = [0n, 5n, 20n]

const addOp = fc.record({
  kind: fc.constant('add' as const),
  sender: fc.nat(3),
  // Mostly the next few nonces, so runs form and gaps get filled; sometimes stale or far ahead.
  offset: fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 2 }), weight: 6 },
    { arbitrary: fc.integer({ min: -1, max: 8 }), weight: 2 },
  ),
  maxFee: fc.integer({ min: 1, max: 60 }),
  tipShare: fc.integer({ min: 0, max: 110 }), // above 100 makes the tip exceed the fee cap
  size: fc.integer({ min: 50, max: 400 }),
  reuseHash: fc.nat(40),
})
const popOp = fc.record({ kind: fc.constant('pop' as const), baseFee: fc.nat(2), included: fc.nat(9) })
const removeOp = fc.record({ kind: fc.constant('remove' as const), pick: fc.nat(40) })
const jumpOp = fc.record({
  kind: fc.constant('jump' as const),
  sender: fc.nat(3),
  by: fc.integer({ min: 1, max: 3 }),
})
const op = fc.oneof(
  { arbitrary: addOp, weight: 6 },
  { arbitrary: popOp, weight: 4 },
  { arbitrary: removeOp, weight: 1 },
  { arbitrary: jumpOp, weight: 1 },
)

/** Checks every pool-wide invariant against the simulated chain's account nonces. */
function checkInvariants(pool: Mempool, chain: Map<string, bigint>) {
  const pending = pool.pending()
  const queued = pool.queued()
  expect(pool.readyCount()).toBe(pending.length)
  expect(pool.size()).toBe(pending.length + queued.length)
  expect(pool.size()).toBeLessThanOrEqual(limits.maxTransactions)
  expect(pool.bytes()).toBeLessThanOrEqual(limits.maxBytes)
  expect(pool.bytes()).toBe([...pending, ...queued].reduce((sum, t) => sum + t.size, 0))
  for (const sender of senders) {
    const ready = pending.filter((t) => t.sender === sender).map((t) => t.nonce)
    const held = ready.length + queued.filter((t) => t.sender === sender).length
    expect(held).toBeLessThanOrEqual(limits.maxPerSender)
    // Ready means consecutive from the account nonce, and the run stops only at a missing nonce.
    expect(ready).toEqual(ready.map((_, i) => chain.get(sender)! + BigInt(i)))
    const end = chain.get(sender)! + BigInt(ready.length)
    expect(queued.some((t) => t.sender === sender && t.nonce === end)).toBe(false)
  }
  for (const t of [...pending, ...queued]) expect(pool.get(t.hash)).toBe(t)
}

describe('mempool properties', () => {
  it('hands out each sender consecutively from its nonce, the best tip first, once, within limits', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 300, size: 'max' }), (ops) => {
        const pool = createMempool(limits)
        const chain = new Map(senders.map((s) => [s, 0n]))
        const everAdded: PoolTransaction[] = []
        const popped = new Set<string>()
        let hashes = 0
        let keyBaseFee = 0n // the base fee the pool keys tips at: the last popReady's

        const pop = (baseFee: bigint, included: boolean) => {
          const heads = pool.pending().filter((t) => t.nonce === chain.get(t.sender))
          const tips = heads.map((t) => effectiveTip(t, baseFee)).sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))
          const best = tips[0] ?? -1n // the best head's tip; below zero means none may be popped
          const tx = pool.popReady(baseFee)
          keyBaseFee = baseFee
          if (tx === undefined) {
            expect(best).toBeLessThan(0n)
            return false
          }
          expect(popped.has(tx.hash)).toBe(false)
          popped.add(tx.hash)
          expect(tx.nonce).toBe(chain.get(tx.sender))
          expect(effectiveTip(tx, baseFee)).toBe(best)
          if (included) chain.set(tx.sender, tx.nonce + 1n)
          pool.onNonceAdvanced(tx.sender, chain.get(tx.sender)!)
          return true
        }

        for (const step of ops) {
          if (step.kind === 'add') {
            const sender = senders[step.sender]
            const accountNonce = chain.get(sender)!
            const maxFeePerGas = BigInt(step.maxFee)
            // Reuse only a held hash: a popped one is forgotten, and resubmitting it is a new admission.
            const candidate = everAdded[step.reuseHash]?.hash
            const reused = candidate !== undefined && pool.has(candidate) ? candidate : undefined
            const tx = testTransaction({
              sender,
              nonce: accountNonce + BigInt(step.offset),
              hash: reused ?? `0x${(hashes++).toString(16)}`,
              maxFeePerGas,
              maxPriorityFeePerGas: (maxFeePerGas * BigInt(step.tipShare)) / 100n,
              size: step.size,
            })
            try {
              const queuedBefore = new Set(pool.queued())
              if (pool.size() === 0) keyBaseFee = 5n
              const result = pool.add(tx, { nonce: accountNonce, balance: 10n ** 18n }, 5n)
              // Only queued transactions that pay strictly less than the newcomer make room.
              for (const victim of result.evicted ?? []) {
                expect(queuedBefore.has(victim)).toBe(true)
                expect(effectiveTip(victim, keyBaseFee)).toBeLessThan(effectiveTip(tx, keyBaseFee))
              }
              everAdded.push(tx)
            } catch (error) {
              expect(error).toBeInstanceOf(RtevmError)
              // Hash and fee checks come first; past them a used nonce must be the reason.
              const feesValid = reused === undefined && step.tipShare <= 100 && step.maxFee >= 5
              if (feesValid && step.offset < 0) expect(error).toBeInstanceOf(NonceTooLowError)
            }
          } else if (step.kind === 'pop') {
            pop(baseFees[step.baseFee], step.included > 0)
          } else if (step.kind === 'remove') {
            if (step.pick < everAdded.length) pool.remove(everAdded[step.pick].hash)
          } else {
            const sender = senders[step.sender]
            chain.set(sender, chain.get(sender)! + BigInt(step.by))
            pool.onNonceAdvanced(sender, chain.get(sender)!)
          }
          checkInvariants(pool, chain)
        }
        while (pop(0n, true)) checkInvariants(pool, chain)
        expect(pool.readyCount()).toBe(0)
      }),
      { numRuns: 100 },
    )
  })
})
