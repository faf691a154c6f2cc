import { createSenders } from '@rtevm/testkit'
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { hexFromBytes } from '../state/index.ts'
import {
  blockContext,
  createSide,
  EMPTY_ACCOUNT,
  expectSameOutcome,
  feeArbitraries,
  GWEI,
  signFuzzed,
} from './fastPathTestSupport.ts'

const senders = createSenders(4, 10n ** 20n, 7)
const coinbase = new Uint8Array(20).fill(0xcb)
const context = blockContext(GWEI, coinbase)

const recipients = [
  ...senders.alloc.map((a) => a.address),
  '0x00000000000000000000000000000000000000aa', // fresh account
  '0x0000000000000000000000000000000000000004', // precompile
  `0x${hexFromBytes(coinbase)}`,
  EMPTY_ACCOUNT,
] as const

const txArbitrary = fc.record({
  sender: fc.integer({ min: 0, max: senders.signers.length - 1 }),
  recipient: fc.integer({ min: 0, max: recipients.length - 1 }),
  value: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 10n ** 18n }), fc.constant(10n ** 21n)),
  type: fc.constantFrom(0, 1, 2),
  ...feeArbitraries,
  gasLimit: fc.constantFrom(20_999n, 21_000n, 50_000n),
  nonceSkew: fc.constantFrom(0n, 0n, 0n, 1n),
})

describe('plain transfer fast path', () => {
  it('leaves exactly the state and receipt EthereumJS runTx leaves', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(txArbitrary, { minLength: 1, maxLength: 30 }), async (txs) => {
        const fast = await createSide(senders, { fastTransfers: true }, context)
        const reference = await createSide(senders, { fastTransfers: false }, context)
        let gasUsed = 0n
        for (const t of txs) {
          const raw = signFuzzed(senders, reference, t, {
            to: recipients[t.recipient],
            value: t.value,
            gasLimit: t.gasLimit,
          })
          gasUsed = await expectSameOutcome(fast, reference, raw, gasUsed, (error) => error.name)
        }
      }),
      { numRuns: 40 },
    )
  })
})
