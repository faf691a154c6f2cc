import {
  type BlockSource,
  createMemoryBlockSource,
  createMemoryState,
  type MiniBlock,
  RtevmError,
  type Tracer,
} from '@rtevm/protocol'
import { describe, expect, it } from 'vitest'
import { findBySenderAndNonce } from './findBySenderAndNonce.ts'
import { findContractCreator } from './findContractCreator.ts'

const CONTRACT = new Uint8Array(20).fill(0xc0)
const SENDER = new Uint8Array(20).fill(0x5e)

/** Mini-blocks 1..`count`, one transaction from a stranger each, that deploy nothing. */
function quietChain(count: number): BlockSource {
  const source = createMemoryBlockSource()
  for (let n = 1; n <= count; n++) {
    source.addMiniBlock({
      number: BigInt(n),
      blockNumber: BigInt(n),
      indexInBlock: 0,
      firstTxIndex: 0,
      timestampUs: 0n,
      gasUsed: 0n,
      transactions: [
        { raw: new Uint8Array([0x02, 0xc0]), hash: new Uint8Array(32).fill(n), from: new Uint8Array(20) },
      ],
      receipts: [{ status: 1, gasUsed: 0n, cumulativeGasUsed: 0n, effectiveGasPrice: 0n, logs: [] }],
      stateDiff: { accounts: [] },
    } as MiniBlock)
  }
  return source
}

/** The replica dropped mini-blocks up to `oldestKept - 1`. */
function pruned(chain: BlockSource, oldestKept: bigint): BlockSource {
  return { ...chain, getMiniBlock: (n) => (n < oldestKept ? undefined : chain.getMiniBlock(n)) }
}

const noTraces = {} as Tracer

describe('lookups over kept mini-blocks, at the edges of history', () => {
  it('a contract with no deploying mini-block since the first came from genesis: null', async () => {
    const state = createMemoryState()
    state.setCode(CONTRACT, new Uint8Array([0x00]))
    expect(await findContractCreator(quietChain(3), state, noTraces, CONTRACT)).toBeNull()
    expect(await findContractCreator(quietChain(3), state, noTraces, SENDER)).toBeNull()
  })

  it('a contract deployed before the oldest kept mini-block: NOT_FOUND', async () => {
    const state = createMemoryState()
    state.setCode(CONTRACT, new Uint8Array([0x00]))
    const lookup = findContractCreator(pruned(quietChain(3), 2n), state, noTraces, CONTRACT)
    await expect(lookup).rejects.toThrow(RtevmError)
    await expect(lookup).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('a nonce not used yet is null at once; one older than what is kept is NOT_FOUND', () => {
    const state = createMemoryState()
    state.setAccount(SENDER, { nonce: 2n, balance: 0n, codeHash: new Uint8Array(32) })
    const chain = pruned(quietChain(3), 2n)
    expect(findBySenderAndNonce(chain, state, SENDER, 2n)).toBeNull()
    expect(() => findBySenderAndNonce(chain, state, SENDER, 0n)).toThrow(/older than this node keeps/)
    // All history kept and the nonce never sent: spent in genesis.
    expect(findBySenderAndNonce(quietChain(3), state, SENDER, 0n)).toBeNull()
  })
})
