import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Block, StreamEvent } from '@rtevm/protocol'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { applyStateDiff } from '../block/index.ts'
import { writeSnapshot } from '../snapshot/index.ts'
import { sampleState, stateRootOf } from '../snapshot/snapshotTestSupport.ts'
import type { RamState } from '../state/index.ts'
import { LogSequenceError } from './errors.ts'
import { openLocalLog } from './openLocalLog.ts'
import { recover } from './recover.ts'
import { sampleBlockEvent, sampleMiniBlockEvent } from './sampleEvents.ts'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtevm-recover-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const genesis = () => sampleState(40, 3)

/** A chain of `count` events: the genesis block, then blocks of four mini-blocks. */
function chain(count: number): StreamEvent[] {
  const events: StreamEvent[] = [sampleBlockEvent(1n, 0n)]
  let block = 1n
  let mini = 0n
  for (let seq = 2n; seq <= BigInt(count); seq++) {
    if (seq % 5n === 1n) events.push(sampleBlockEvent(seq, block++, 4))
    else events.push(sampleMiniBlockEvent(seq, { number: ++mini, blockNumber: block, accounts: 24 }))
  }
  return events
}

/** The state after `events`, applied one by one onto genesis. */
function replayed(events: StreamEvent[]): RamState {
  const state = genesis()
  for (const event of events) {
    if (event.kind === 'miniBlock')
      applyStateDiff(state, event.miniBlock.stateDiff, event.miniBlock.blockNumber)
  }
  return state
}

async function writeLog(events: StreamEvent[]) {
  const log = await openLocalLog({ dir: join(dir, 'log'), segmentBytes: 4096 })
  await Promise.all(events.map((event) => log.append(event)))
  await log.close()
}

const blockAt = (events: StreamEvent[], seq: bigint): Block => {
  const event = events[Number(seq) - 1]
  if (event.kind !== 'block') throw new TypeError(`seq ${seq} is not a block`)
  return event.block
}

it('starts fresh on an empty directory', async () => {
  const result = await recover({ dir, genesis })
  expect(result.kind).toBe('fresh')
  await result.log.close()
})

it('replays the whole log onto genesis when there is no snapshot', async () => {
  const events = chain(53)
  await writeLog(events)
  const result = await recover({ dir, genesis })
  if (result.kind !== 'recovered') throw new TypeError('expected a recovery')
  expect(result.snapshotSeq).toBe(0n)
  expect(result.replayed).toBe(53)
  expect(result.lastSeq).toBe(53n)
  expect(result.latestBlock).toEqual(blockAt(events, 51n))
  expect(result.miniBlockNumber).toBe(42n)
  expect(result.openMiniBlocks.map((m) => m.number)).toEqual([41n, 42n])
  expect(stateRootOf(result.state)).toEqual(stateRootOf(replayed(events)))
  await result.log.append(sampleMiniBlockEvent(54n))
  await result.log.close()
})

it('loads the snapshot and replays only the events after it', async () => {
  const events = chain(120)
  await writeLog(events)
  const snapshotSeq = 61n
  await writeSnapshot(
    join(dir, 'snapshots'),
    {
      seq: snapshotSeq,
      block: blockAt(events, snapshotSeq),
      miniBlockNumber: 48n,
      meta: new Uint8Array(0),
    },
    replayed(events.slice(0, Number(snapshotSeq))),
  )
  const result = await recover({
    dir,
    genesis: () => {
      throw new Error('genesis is not needed when there is a snapshot')
    },
  })
  if (result.kind !== 'recovered') throw new TypeError('expected a recovery')
  expect(result.snapshotSeq).toBe(61n)
  expect(result.replayed).toBe(59)
  expect(result.latestBlock).toEqual(blockAt(events, 116n))
  expect(result.openMiniBlocks.length).toBe(4)
  expect(result.miniBlockNumber).toBe(96n)
  expect(stateRootOf(result.state)).toEqual(stateRootOf(replayed(events)))
  await result.log.close()
})

it('refuses a log that was pruned past the snapshot', async () => {
  const events = chain(200)
  await writeLog(events)
  const log = await openLocalLog({ dir: join(dir, 'log'), segmentBytes: 4096 })
  expect(await log.pruneBefore(150n)).toBeGreaterThan(0)
  await log.close()
  await writeSnapshot(
    join(dir, 'snapshots'),
    {
      seq: 11n,
      block: blockAt(events, 11n),
      miniBlockNumber: 8n,
      meta: new Uint8Array(0),
    },
    replayed(events.slice(0, 11)),
  )
  await expect(recover({ dir, genesis })).rejects.toBeInstanceOf(LogSequenceError)
})
