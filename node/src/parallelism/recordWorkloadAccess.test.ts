import { createSenders } from '@rtevm/testkit'
import { describe, expect, it } from 'vitest'
import { analyzeBlock } from './analyzeBlock.ts'
import { accountKey } from './recordTxAccess.ts'
import { recordWorkloadAccess } from './recordWorkloadAccess.ts'

const senders = createSenders(8)
const [a, b, c, d, e, f, g, h] = senders.signers
const GWEI = 1_000_000_000n
const transfer = (from: typeof a, to: typeof a, nonce = 0n) =>
  from.sign({
    nonce,
    to: to.address,
    value: 1n,
    gasLimit: 21_000n,
    maxFeePerGas: 2n * GWEI,
    maxPriorityFeePerGas: 1n,
  })
const key = (signer: typeof a) => accountKey(signer.address.slice(2).toLowerCase())

describe('recordWorkloadAccess (real execution)', () => {
  it('records a transfer as reading and writing its two accounts, without the fee recipient', async () => {
    const [access] = await recordWorkloadAccess({
      alloc: senders.alloc,
      setup: [],
      transactions: [transfer(a, b)],
    })
    expect([...access.writes].sort()).toEqual([key(a), key(b)].sort())
    expect([...access.reads].sort()).toEqual([key(a), key(b)].sort())
  })

  it('transfers between disjoint pairs conflict with nothing', async () => {
    const transactions = [transfer(a, b), transfer(c, d), transfer(e, f), transfer(g, h)]
    const block = await recordWorkloadAccess({ alloc: senders.alloc, setup: [], transactions })
    expect(analyzeBlock(block)).toMatchObject({ transactions: 4, criticalPath: 1, parallelism: 4 })
  })

  it("a recipient that sends next, and a sender's next nonce, each wait for the one before", async () => {
    const transactions = [transfer(a, b), transfer(b, c), transfer(c, d), transfer(e, f), transfer(e, g, 1n)]
    const block = await recordWorkloadAccess({ alloc: senders.alloc, setup: [], transactions })
    expect(analyzeBlock(block)).toMatchObject({ transactions: 5, criticalPath: 3 })
  })

  it('leaves out a transaction the executor refuses', async () => {
    const transactions = [transfer(a, b), transfer(a, b, 5n)]
    expect(await recordWorkloadAccess({ alloc: senders.alloc, setup: [], transactions })).toHaveLength(1)
  })
})
