import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { defineConfig, type SequencerConfigInput } from '../config/index.ts'
import { createReplica } from '../replica/index.ts'
import { hexFromBytes } from '../state/index.ts'
import { computeStateRoot, createTxSigner, dumpSequencerState } from '../testing/index.ts'
import { createSequencer, type Sequencer } from './createSequencer.ts'

const GWEI = 1_000_000_000n
const SINK = '0x00000000000000000000000000000000000d15c0'
let dir: string | undefined
let sequencer: Sequencer | undefined

afterEach(async () => {
  await sequencer?.close()
  sequencer = undefined
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

async function start(input: SequencerConfigInput = {}) {
  dir ??= await mkdtemp(join(tmpdir(), 'rtevm-durability-'))
  sequencer = await createSequencer(
    defineConfig({ dataDir: dir, blockIntervalMs: 2 ** 31 - 1, recoveryWorkers: 1, ...input }),
  )
  return sequencer
}

function transfer(seq: Sequencer, from: number, nonce: bigint) {
  const account = seq.devAccounts[from]
  return createTxSigner(account.privateKey, account.address).sign({
    nonce,
    to: SINK,
    value: 1n,
    gasLimit: 21_000n,
    maxFeePerGas: 2n * GWEI,
    maxPriorityFeePerGas: 1n,
  })
}

describe('sequencer durability', () => {
  it('restarts from its data directory with the same state, blocks and stream, and nonces continue', async () => {
    const first = await start({ snapshotEveryBlocks: 2 })
    for (let round = 0; round < 5; round++) {
      await Promise.all([0, 1, 2].map((from) => first.submit(transfer(first, from, BigInt(round)))))
      await first.sealBlock()
    }
    // Mini-blocks of an open block, not yet sealed into one, survive too.
    await first.submit(transfer(first, 0, 5n))
    const head = first.events.head()
    const before = dumpSequencerState(first)
    await first.close()
    // Restart replays the log on top of a snapshot, not from genesis.
    expect(first.stats().snapshots).toMatchObject({ written: 2, lastError: undefined })

    const second = await start({ snapshotEveryBlocks: 2 })
    // A clean shutdown sealed the open block, so the restart resumes on a block boundary.
    expect(second.events.head()).toBe(head + 1n)
    expect(second.latestBlock().transactionHashes).toHaveLength(1)
    const after = dumpSequencerState(second)
    expect(after.accounts).toStrictEqual(before.accounts)
    expect(hexFromBytes(second.latestBlock().header.stateRoot)).toBe(
      hexFromBytes(await computeStateRoot(after)),
    )
    const inclusion = await second.submit(transfer(second, 0, 6n))
    expect(inclusion.receipt.status).toBe(1)

    // A follower starting from genesis replays the restarted sequencer's stream and re-derives every root.
    const replica = await createReplica(second.config)
    for (const { event } of second.events.readFrom(1n, 10_000)) replica.apply(event)
    await second.sealBlock()
    for (const { event } of second.events.readFrom(replica.lastSeq() + 1n, 10_000)) replica.apply(event)
    expect(hexFromBytes(replica.stateRoot())).toBe(hexFromBytes(second.latestBlock().header.stateRoot))
    expect(second.stats().snapshots.lastError).toBeUndefined()
  })
})
