import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Block } from '@rtevm/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EMPTY_CODE_HASH } from '../commitment/index.ts'
import { sampleBlockEvent } from '../da/sampleEvents.ts'
import { bigIntToBytes } from '../state/index.ts'
import { SnapshotCorruptError, SnapshotStateBusyError } from './errors.ts'
import { loadLatestSnapshot } from './loadLatestSnapshot.ts'
import type { SnapshotHead } from './snapshotFormat.ts'
import { sampleState, stateRootOf } from './snapshotTestSupport.ts'
import { writeSnapshot } from './writeSnapshot.ts'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtevm-snapshot-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const block = (number: bigint): Block => {
  const event = sampleBlockEvent(number * 10n, number)
  if (event.kind !== 'block') throw new TypeError('sampleBlockEvent made a mini-block')
  return event.block
}

const head = (seq: bigint): SnapshotHead => ({
  seq,
  block: block(seq),
  miniBlockNumber: seq * 3n,
  meta: new Uint8Array([1, 2, 3]),
})

describe('writeSnapshot and loadLatestSnapshot', () => {
  it('round-trips the state (same state root and code) and the head', async () => {
    const state = sampleState(2_000, 40)
    const written = await writeSnapshot(dir, head(42n), state, { chunkBytes: 4096 })
    const loaded = await loadLatestSnapshot(dir)
    expect(loaded?.path).toBe(written.path)
    expect(loaded?.head).toEqual(head(42n))
    expect(stateRootOf(loaded!.state)).toEqual(stateRootOf(state))
    expect(loaded!.state.accountCount()).toBe(2_000)
    const contract = (7).toString(16).padStart(40, '0')
    const { codeHash } = loaded!.state.getAccount(contract)!
    expect(loaded!.state.getCode(codeHash)).toEqual(new Uint8Array([0x60, 7, 0x00]))
    // Its pending diff is the whole state, enough to build a commitment from.
    expect(loaded!.state.takeDiff().accounts.length).toBe(2_000)
  })

  it('writes the state as it was when called, while it keeps changing', async () => {
    const state = sampleState(3_000, 30)
    const before = stateRootOf(state)
    const writing = writeSnapshot(dir, head(1n), state, { chunkBytes: 1024 })
    const contract = (14).toString(16).padStart(40, '0')
    state.putStorage(contract, '00'.repeat(32), bigIntToBytes(999n))
    state.clearStorage((21).toString(16).padStart(40, '0'))
    state.putAccount('ff'.repeat(20), { nonce: 1n, balance: 1n, codeHash: EMPTY_CODE_HASH })
    await writing
    const loaded = await loadLatestSnapshot(dir)
    expect(stateRootOf(loaded!.state)).toEqual(before)
    expect(stateRootOf(state)).not.toEqual(before)
  })

  it('falls back to the previous snapshot when the newest is corrupt or cut short', async () => {
    await writeSnapshot(dir, head(10n), sampleState(100, 5, 1))
    const newest = await writeSnapshot(dir, head(20n), sampleState(100, 5, 2))
    const bytes = await readFile(newest.path)
    bytes[bytes.length >> 1] ^= 0x40
    await writeFile(newest.path, bytes)
    const loaded = await loadLatestSnapshot(dir)
    expect(loaded?.head.seq).toBe(10n)
    expect(loaded?.skipped.map((e) => e.file)).toEqual([newest.path])
    expect(stateRootOf(loaded!.state)).toEqual(stateRootOf(sampleState(100, 5, 1)))

    await writeFile(newest.path, bytes.subarray(0, 100))
    expect((await loadLatestSnapshot(dir))?.head.seq).toBe(10n)
  })

  it('throws when every snapshot is corrupt, and finds none in an empty directory', async () => {
    expect(await loadLatestSnapshot(join(dir, 'missing'))).toBeUndefined()
    const only = await writeSnapshot(dir, head(5n), sampleState(10, 2))
    await writeFile(only.path, new Uint8Array(64))
    await expect(loadLatestSnapshot(dir)).rejects.toBeInstanceOf(SnapshotCorruptError)
  })

  it('keeps the newest N and ignores an interrupted write', async () => {
    const state = sampleState(50, 3)
    for (let seq = 1n; seq <= 5n; seq++) {
      expect((await writeSnapshot(dir, head(seq), state, { keep: 2 })).oldestKeptSeq).toBe(
        seq > 1n ? seq - 1n : 1n,
      )
    }
    await writeFile(join(dir, 'snapshot-00000000000000000009.snap.partial'), new Uint8Array(10))
    expect((await loadLatestSnapshot(dir))?.head.seq).toBe(5n)
    await writeSnapshot(dir, head(6n), state, { keep: 2 })
    expect((await readdir(dir)).sort()).toEqual([
      'snapshot-00000000000000000005.snap',
      'snapshot-00000000000000000006.snap',
    ])
  })

  it('renames the snapshot into place only once its seq is durable, and not at all if that fails', async () => {
    const state = sampleState(20, 2)
    let markDurable = () => {}
    const durable = new Promise<void>((resolve) => {
      markDurable = resolve
    })
    const writing = writeSnapshot(dir, head(7n), state, { durable })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await loadLatestSnapshot(dir)).toBeUndefined()
    markDurable()
    await writing
    expect((await loadLatestSnapshot(dir))?.head.seq).toBe(7n)

    const failed = writeSnapshot(dir, head(8n), state, { durable: Promise.reject(new Error('fsync failed')) })
    await expect(failed).rejects.toThrow('fsync failed')
    expect((await readdir(dir)).sort()).toEqual(['snapshot-00000000000000000007.snap'])
  })

  it('refuses a state with an open checkpoint', async () => {
    const state = sampleState(10, 2)
    state.checkpoint()
    await expect(writeSnapshot(dir, head(1n), state)).rejects.toBeInstanceOf(SnapshotStateBusyError)
    state.revert()
  })
})
