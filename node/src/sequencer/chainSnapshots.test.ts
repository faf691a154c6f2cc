import { computeStateRoot, dumpSequencerState } from '@rtevm/testkit'
import { describe, expect, it } from 'vitest'
import { hexFromBytes } from '../state/index.ts'
import { createSequencer, type Sequencer } from './createSequencer.ts'
import {
  balanceOf,
  bytes,
  STRANGER,
  signedTransfer,
  startFollowedSequencer,
  temporaryDataDir,
  untimedConfig,
} from './rewindTestSupport.ts'

const NEWCOMER = '0x00000000000000000000000000000000000c0c00'

function transfer(sequencer: Sequencer, nonce: bigint, value = 1n) {
  return sequencer.submit(signedTransfer(sequencer, nonce, value, { maxPriorityFeePerGas: 0n }))
}

describe('evm_snapshot / evm_revert on the sequencer', () => {
  it('rewinds state, chain, clock and followers to the snapshot; the chain then grows from there', async () => {
    const { sequencer, replica } = await startFollowedSequencer()
    await transfer(sequencer, 0n)
    const snapshot = (await sequencer.dev({ op: 'snapshot' })).value
    const at = sequencer.latestBlock()
    expect(at.transactionHashes).toHaveLength(1) // the snapshot sealed the open block

    await transfer(sequencer, 1n, 1000n)
    await sequencer.dev({ op: 'setBalance', address: bytes(NEWCOMER), value: 5n })
    await sequencer.dev({ op: 'setStorageAt', address: bytes(STRANGER), slot: new Uint8Array(32), value: 9n })
    await sequencer.dev({ op: 'increaseTime', seconds: 3600n })
    await sequencer.dev({ op: 'mine', blocks: 3n, intervalSeconds: 0n })
    await transfer(sequencer, 2n) // left in the open block
    expect(sequencer.latestBlock().header.number).toBeGreaterThan(at.header.number + 3n)

    expect((await sequencer.dev({ op: 'revert', id: snapshot })).value).toBe(1n)
    expect(sequencer.latestBlock()).toBe(at)
    expect(balanceOf(sequencer, STRANGER)).toBe(1n)
    expect(sequencer.state.getAccount(NEWCOMER.slice(2))).toBeUndefined()
    expect(sequencer.state.getStorage(STRANGER.slice(2), '00'.repeat(32))).toBeUndefined()
    expect(sequencer.state.getAccount(sequencer.devAccounts[0].address.slice(2).toLowerCase())?.nonce).toBe(
      1n,
    )
    // Reverted once, the snapshot is gone, as in Hardhat.
    expect((await sequencer.dev({ op: 'revert', id: snapshot })).value).toBe(0n)

    // The follower went back with it, and follows the new branch.
    expect(replica.haltedBy()).toBeUndefined()
    expect(replica.head().block).toBe(at.header.number)
    expect(hexFromBytes(replica.stateRoot())).toBe(hexFromBytes(at.header.stateRoot))
    await transfer(sequencer, 1n, 7n)
    const next = await sequencer.sealBlock()
    expect(next.header.number).toBe(at.header.number + 1n)
    expect(hexFromBytes(next.header.parentHash)).toBe(hexFromBytes(at.hash))
    // The clock is the snapshot's again: an hour forward is undone.
    expect(next.header.timestamp).toBeLessThan(at.header.timestamp + 3600n)
    expect(hexFromBytes(next.header.stateRoot)).toBe(
      hexFromBytes(await computeStateRoot(dumpSequencerState(sequencer))),
    )
    expect(replica.haltedBy()).toBeUndefined()
    expect(replica.head().block).toBe(next.header.number)
    expect(replica.getBlockByNumber(next.header.number)?.hash).toEqual(next.hash)
    expect(balanceOf(sequencer, STRANGER)).toBe(8n)
  })

  it('forgets later snapshots on revert, refuses unknown ids, and keeps an earlier one usable', async () => {
    const { sequencer } = await startFollowedSequencer()
    const first = (await sequencer.dev({ op: 'snapshot' })).value
    await transfer(sequencer, 0n)
    const second = (await sequencer.dev({ op: 'snapshot' })).value
    await transfer(sequencer, 1n)
    expect((await sequencer.dev({ op: 'revert', id: 99n })).value).toBe(0n)
    expect((await sequencer.dev({ op: 'revert', id: first })).value).toBe(1n)
    expect((await sequencer.dev({ op: 'revert', id: second })).value).toBe(0n)
    expect(balanceOf(sequencer, STRANGER)).toBe(0n)
    await transfer(sequencer, 0n)
    expect(balanceOf(sequencer, STRANGER)).toBe(1n)
  })

  it('a restart replays the rewind from the log: state and head are the reverted chain', async () => {
    const dataDir = await temporaryDataDir('rtevm-snapshots-')
    const before = await createSequencer(untimedConfig({ dataDir }))
    await transfer(before, 0n)
    const snapshot = (await before.dev({ op: 'snapshot' })).value
    const at = before.latestBlock()
    await transfer(before, 1n, 500n)
    await before.sealBlock()
    await before.dev({ op: 'revert', id: snapshot })
    await transfer(before, 1n, 2n)
    await before.close()

    const { sequencer, replica } = await startFollowedSequencer({ dataDir })
    expect(balanceOf(sequencer, STRANGER)).toBe(3n)
    expect(sequencer.latestBlock().header.number).toBe(at.header.number + 1n)
    expect(hexFromBytes(sequencer.latestBlock().header.parentHash)).toBe(hexFromBytes(at.hash))
    expect(replica.haltedBy()).toBeUndefined()
    expect(hexFromBytes(replica.stateRoot())).toBe(hexFromBytes(sequencer.latestBlock().header.stateRoot))
  })
})
