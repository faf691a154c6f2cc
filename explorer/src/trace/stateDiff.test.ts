import { describe, expect, it } from 'vitest'
import { TraceShapeError } from '../errors.ts'
import { toStateDiff } from './stateDiff.ts'

const sender = '0x1111111111111111111111111111111111111111'
const token = '0x3333333333333333333333333333333333333333'
const beneficiary = '0x6666666666666666666666666666666666666666'
const created = '0x5555555555555555555555555555555555555555'
const gone = '0x7777777777777777777777777777777777777777'

const word = (n: bigint) => `0x${n.toString(16).padStart(64, '0')}`
const [senderSlot, bobSlot, clearedSlot] = [word(0xa1n), word(0xb2n), word(0xc3n)]

/** geth's prestateTracer in diff mode for an ERC-20 transfer, plus a creation and a self-destruct. */
const diff = {
  pre: {
    [sender]: { balance: '0x56bc75e2d63100000', nonce: 2 },
    // The recipient's slot was zero, so geth leaves it out of `pre`; the cleared slot becomes zero, so it is not in `post`.
    [token]: {
      balance: '0x0',
      nonce: 1,
      code: '0x6080',
      storage: { [senderSlot]: word(1000n), [clearedSlot]: word(9n) },
    },
    [beneficiary]: { balance: '0x10' },
    [gone]: { balance: '0x3', nonce: 1, code: '0x60' },
  },
  post: {
    [sender]: { balance: '0x56bc75e2d630eb9b0', nonce: 3 },
    [token]: { storage: { [senderSlot]: word(975n), [bobSlot]: word(25n) } },
    [beneficiary]: { balance: '0x20' },
    [created]: { nonce: 1, code: '0x6080' },
  },
}

describe('toStateDiff', () => {
  const accounts = toStateDiff(diff)
  const of = (address: string) => accounts.find((a) => a.address === address)

  it('gives each balance before, after and the signed delta, and each nonce change', () => {
    const before = 0x56bc75e2d63100000n
    const after = 0x56bc75e2d630eb9b0n
    expect(of(sender)).toMatchObject({
      balance: { before, after, delta: after - before },
      nonce: { before: 2n, after: 3n },
      code: null,
      storage: [],
      removed: false,
    })
    expect(of(sender)!.balance!.delta).toBeLessThan(0n)
    expect(of(beneficiary)!.balance).toEqual({ before: 16n, after: 32n, delta: 16n })
    expect(of(beneficiary)!.nonce).toBeNull()
  })

  it('lists changed slots: a slot absent from pre was zero, one absent from post became zero', () => {
    const tokenDiff = of(token)!
    expect(tokenDiff.balance).toBeNull()
    expect(tokenDiff.nonce).toBeNull()
    expect(tokenDiff.storage).toEqual([
      { slot: senderSlot, before: word(1000n), after: word(975n) },
      { slot: clearedSlot, before: word(9n), after: word(0n) },
      { slot: bobSlot, before: word(0n), after: word(25n) },
    ])
  })

  it('marks a created account and a removed one', () => {
    expect(of(created)).toMatchObject({ code: 'created', nonce: { before: 0n, after: 1n }, removed: false })
    expect(of(gone)).toMatchObject({
      code: 'removed',
      balance: { before: 3n, after: 0n, delta: -3n },
      nonce: { before: 1n, after: 0n },
      removed: true,
    })
  })

  it('drops accounts with nothing changed and slots written with their old value', () => {
    const same = toStateDiff({
      pre: { [sender]: { balance: '0x1', storage: { [senderSlot]: word(1n) } } },
      post: { [sender]: { balance: '0x1', storage: { [senderSlot]: '0x1' } } },
    })
    expect(same).toEqual([])
  })

  it('rejects what is not a diff with a TraceShapeError', () => {
    expect(() => toStateDiff({ [sender]: { balance: '0x1' } })).toThrow(TraceShapeError)
    expect(() => toStateDiff({ pre: {}, post: { [token]: { storage: { [senderSlot]: 'x' } } } })).toThrow(
      /post\[0x3{40}\]\.storage\[0x0+a1\] is not a storage word/,
    )
  })
})
