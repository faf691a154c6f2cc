import { KECCAK256_NULL } from '@ethereumjs/util'
import type { BlockContext } from '@rtevm/protocol'
import { createSenders } from '@rtevm/testkit'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRamState, hexFromBytes, type RamState } from '../state/index.ts'
import { createChainCommon } from './chainCommon.ts'
import { createExecutor, type Executor } from './createExecutor.ts'
import { createTransactionDecoder } from './decodeTransaction.ts'
import { createInlineRecovery } from './recovery/index.ts'

const GWEI = 1_000_000_000n
const senders = createSenders(4, 10n ** 20n, 7)
const coinbase = new Uint8Array(20).fill(0xcb)
const context: BlockContext = {
  number: 1n,
  timestamp: 1_700_000_000n,
  baseFeePerGas: GWEI,
  gasLimit: 30_000_000n,
  coinbase,
  prevRandao: new Uint8Array(32),
}

type Side = { state: RamState; executor: Executor }

async function side(fastTransfers: boolean, emptyAccount: string): Promise<Side> {
  const state = createRamState()
  for (const { address, balance } of senders.alloc) {
    state.putAccount(address.slice(2).toLowerCase(), { nonce: 0n, balance, codeHash: KECCAK256_NULL })
  }
  state.putAccount(emptyAccount, { nonce: 0n, balance: 0n, codeHash: KECCAK256_NULL })
  state.takeDiff()
  const executor = await createExecutor({ common: createChainCommon(31337n), state, fastTransfers })
  executor.openBlock(context)
  return { state, executor }
}

const recipients = [
  ...senders.alloc.map((a) => a.address),
  '0x00000000000000000000000000000000000000aa', // fresh account
  '0x0000000000000000000000000000000000000004', // precompile
  `0x${hexFromBytes(coinbase)}`,
  '0x00000000000000000000000000000000000000e0', // exists but empty
] as const

const txArbitrary = fc.record({
  sender: fc.integer({ min: 0, max: senders.signers.length - 1 }),
  recipient: fc.integer({ min: 0, max: recipients.length - 1 }),
  value: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 10n ** 18n }), fc.constant(10n ** 21n)),
  type: fc.constantFrom(0, 1, 2),
  tip: fc.constantFrom(0n, 1n, GWEI),
  maxFee: fc.constantFrom(GWEI / 2n, GWEI, 3n * GWEI),
  gasLimit: fc.constantFrom(20_999n, 21_000n, 50_000n),
  nonceSkew: fc.constantFrom(0n, 0n, 0n, 1n),
})

describe('plain transfer fast path', () => {
  it('leaves exactly the state and receipt EthereumJS runTx leaves', async () => {
    const decoder = createTransactionDecoder(createChainCommon(31337n), createInlineRecovery())
    await fc.assert(
      fc.asyncProperty(fc.array(txArbitrary, { minLength: 1, maxLength: 30 }), async (txs) => {
        const fast = await side(true, 'e0'.padStart(40, '0'))
        const reference = await side(false, 'e0'.padStart(40, '0'))
        let gasUsed = 0n
        for (const t of txs) {
          const signer = senders.signers[t.sender]
          const nonce =
            (reference.state.getAccount(signer.address.slice(2).toLowerCase())?.nonce ?? 0n) + t.nonceSkew
          const fees =
            t.type === 2
              ? { maxFeePerGas: t.maxFee, maxPriorityFeePerGas: t.tip < t.maxFee ? t.tip : t.maxFee }
              : { gasPrice: t.maxFee }
          const raw = signer.sign({
            type: t.type,
            nonce,
            to: recipients[t.recipient],
            value: t.value,
            gasLimit: t.gasLimit,
            ...fees,
          })
          const outcomes = await Promise.all(
            [fast, reference].map(async ({ executor }) => {
              try {
                return await executor.execute(await decoder.decode(raw), gasUsed)
              } catch (error) {
                return { error: (error as Error).name }
              }
            }),
          )
          expect(outcomes[0]).toEqual(outcomes[1])
          if ('receipt' in outcomes[1]) gasUsed += outcomes[1].receipt.gasUsed
          expect(fast.state.takeDiff()).toEqual(reference.state.takeDiff())
        }
      }),
      { numRuns: 40 },
    )
  })
})
