import { computeStateRoot, dumpSequencerState } from '@rtevm/testkit'
import { describe, expect, it } from 'vitest'
import type { Replica } from '../replica/index.ts'
import { hexFromBytes } from '../state/index.ts'
import type { Sequencer } from './createSequencer.ts'
import {
  balanceOf,
  bytes,
  GWEI,
  STRANGER,
  signedTransfer,
  startFollowedSequencer,
  temporaryDataDir,
} from './rewindTestSupport.ts'

const PAYEE = '0x00000000000000000000000000000000000c0c00'

/** Three blocks: 1 wei, then 10, then 100 to STRANGER, one transfer each. */
async function threeBlocks(sequencer: Sequencer) {
  const blocks = []
  for (const [nonce, value] of [1n, 10n, 100n].entries()) {
    await sequencer.submit(signedTransfer(sequencer, BigInt(nonce), value))
    blocks.push(await sequencer.sealBlock())
  }
  return blocks
}

async function expectInStep(sequencer: Sequencer, replica: Replica) {
  const head = sequencer.latestBlock()
  expect(hexFromBytes(head.header.stateRoot)).toBe(
    hexFromBytes(await computeStateRoot(dumpSequencerState(sequencer))),
  )
  expect(replica.haltedBy()).toBeUndefined()
  expect(replica.head().block).toBe(head.header.number)
  expect(hexFromBytes(replica.stateRoot())).toBe(hexFromBytes(head.header.stateRoot))
}

describe('anvil_rollback on the sequencer', () => {
  it('rewinds state, chain and followers by a number of blocks, then grows a new branch from there', async () => {
    const { sequencer, replica } = await startFollowedSequencer()
    const [first, second] = await threeBlocks(sequencer)
    await sequencer.submit(signedTransfer(sequencer, 3n, 1000n)) // left in the open block
    await sequencer.dev({ op: 'setBalance', address: bytes(PAYEE), value: 5n })

    expect((await sequencer.dev({ op: 'rollback', depth: 2n })).value).toBe(first!.header.number)
    expect(sequencer.latestBlock()).toBe(first)
    expect(balanceOf(sequencer, STRANGER)).toBe(1n)
    expect(sequencer.state.getAccount(PAYEE.slice(2))).toBeUndefined()
    await expectInStep(sequencer, replica)

    // The abandoned nonces are free again; the new block's parent is the rollback point.
    await sequencer.submit(signedTransfer(sequencer, 1n, 7n))
    const next = await sequencer.sealBlock()
    expect(next.header.number).toBe(second!.header.number)
    expect(hexFromBytes(next.header.parentHash)).toBe(hexFromBytes(first!.hash))
    expect(next.hash).not.toEqual(second!.hash)
    expect(balanceOf(sequencer, STRANGER)).toBe(8n)
    await expectInStep(sequencer, replica)
  })

  it('refuses depths beyond the history window or the chain, changing nothing', async () => {
    const { sequencer } = await startFollowedSequencer({ stateHistory: { blocks: 2 } })
    await threeBlocks(sequencer)
    const head = sequencer.latestBlock()
    for (const depth of [0n, 3n, 1000n]) {
      await expect(sequencer.dev({ op: 'rollback', depth })).rejects.toThrow(/can roll back 1 to 2 blocks/)
    }
    expect(sequencer.latestBlock()).toBe(head)
    expect((await sequencer.dev({ op: 'rollback', depth: 2n })).value).toBe(head.header.number - 2n)
  })

  it('forgets snapshots taken above the rollback point and keeps older ones', async () => {
    const { sequencer } = await startFollowedSequencer()
    const older = (await sequencer.dev({ op: 'snapshot' })).value
    const [first] = await threeBlocks(sequencer)
    const newer = (await sequencer.dev({ op: 'snapshot' })).value
    await sequencer.dev({ op: 'rollback', depth: 2n })
    expect(sequencer.latestBlock()).toBe(first)
    expect((await sequencer.dev({ op: 'revert', id: newer })).value).toBe(0n)
    expect((await sequencer.dev({ op: 'revert', id: older })).value).toBe(1n)
    expect(balanceOf(sequencer, STRANGER)).toBe(0n)
  })
})

describe('anvil_reorg on the sequencer', () => {
  it('replaces the newest blocks with as many new ones holding the given transactions', async () => {
    const { sequencer, replica } = await startFollowedSequencer()
    const [first, second, third] = await threeBlocks(sequencer)
    const value = await sequencer.dev({
      op: 'reorg',
      depth: 2n,
      blocks: [
        [],
        [{ raw: signedTransfer(sequencer, 1n, 20n) }, { raw: signedTransfer(sequencer, 2n, 30n) }],
      ],
    })
    expect(value.value).toBe(third!.header.number)
    const head = sequencer.latestBlock()
    expect(head.header.number).toBe(third!.header.number)
    expect(head.hash).not.toEqual(third!.hash)
    expect(head.transactionHashes).toHaveLength(2)
    expect(balanceOf(sequencer, STRANGER)).toBe(51n)
    const emptied = replica.getBlockByNumber(second!.header.number)!
    expect(emptied.transactionHashes).toHaveLength(0)
    expect(hexFromBytes(emptied.header.parentHash)).toBe(hexFromBytes(first!.hash))
    await expectInStep(sequencer, replica)
  })

  it('refuses a transaction that does not decode before rewinding anything', async () => {
    const { sequencer } = await startFollowedSequencer()
    await threeBlocks(sequencer)
    const head = sequencer.latestBlock()
    await expect(
      sequencer.dev({ op: 'reorg', depth: 1n, blocks: [[{ raw: Uint8Array.of(1, 2, 3) }]] }),
    ).rejects.toThrow()
    expect(sequencer.latestBlock()).toBe(head)
    await expect(sequencer.dev({ op: 'reorg', depth: 1n, blocks: [[], []] })).rejects.toThrow(/replaces 1 to/)
  })
})

describe('anvil_setCoinbase / anvil_setNextBlockBaseFeePerGas on the sequencer', () => {
  it('the next blocks pay the new coinbase at the new base fee; a restart keeps both', async () => {
    const dataDir = await temporaryDataDir('rtevm-parameters-')
    const { sequencer, replica } = await startFollowedSequencer({ dataDir })
    await sequencer.dev({ op: 'setCoinbase', address: bytes(PAYEE) })
    await sequencer.dev({ op: 'setBaseFee', value: 3n * GWEI })
    // The open block has the new base fee: a transaction paying less waits.
    await expect(
      sequencer.submit(signedTransfer(sequencer, 0n, 1n, { maxFeePerGas: 2n * GWEI })),
    ).rejects.toThrow(/fee/i)
    await sequencer.submit(signedTransfer(sequencer, 0n, 1n, { maxFeePerGas: 4n * GWEI }))
    const block = await sequencer.sealBlock()
    expect(hexFromBytes(block.header.coinbase)).toBe(PAYEE.slice(2))
    expect(block.header.baseFeePerGas).toBe(3n * GWEI)
    // The tip (0.5 gwei per gas) goes to the new coinbase.
    expect(balanceOf(sequencer, PAYEE)).toBe(21_000n * (GWEI / 2n))
    await expectInStep(sequencer, replica)

    await sequencer.close()
    const restarted = await startFollowedSequencer({ dataDir })
    await restarted.sequencer.submit(signedTransfer(restarted.sequencer, 1n, 1n, { maxFeePerGas: 4n * GWEI }))
    const after = await restarted.sequencer.sealBlock()
    expect(hexFromBytes(after.header.coinbase)).toBe(PAYEE.slice(2))
    expect(after.header.baseFeePerGas).toBe(3n * GWEI)
  })
})
