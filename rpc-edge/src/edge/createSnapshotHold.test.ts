import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createSnapshotHold } from './createSnapshotHold.ts'
import { startTestEdge, type TestEdge } from './edgeTestSupport.ts'

let t: TestEdge

beforeAll(async () => {
  // No block timer: the test seals the blocks whose events it holds back.
  t = await startTestEdge({}, { blockIntervalMs: 2 ** 31 - 1 })
})

afterAll(async () => {
  await t.close()
})

/** Seals a block while `release` holds the edge's replica: its event waits, held back. */
async function sealWhileHeld() {
  const before = t.edge.replica.lastSeq()
  await t.sequencer.sealBlock()
  await vi.waitFor(() => expect(t.edge.replica.heldBack()).toBe(true))
  expect(t.edge.replica.lastSeq()).toBe(before)
}

describe("createSnapshotHold over the edge's replica", () => {
  it('holds at once while no event waits; a batch arriving while one waits holds only after it is applied', async () => {
    const snapshot = createSnapshotHold(t.edge.replica)
    const first = snapshot.hold()
    if (typeof first !== 'function') throw new Error('expected a hold at once')
    await sealWhileHeld()
    const second = snapshot.hold()
    expect(second).toBeInstanceOf(Promise)
    first()
    const release = await second
    expect(typeof release).toBe('function')
    // The follower applied the held-back event before the second batch took its hold.
    expect(t.edge.replica.lastSeq()).toBe(t.sequencer.events.head())
    expect(t.edge.replica.heldBack()).toBe(false)
    release?.()
    snapshot.close()
  })

  it('until the first catch-up ends, a hold waits for it', async () => {
    let caughtUp = () => {}
    const snapshot = createSnapshotHold(
      t.edge.replica,
      new Promise<void>((resolve) => {
        caughtUp = resolve
      }),
    )
    expect(snapshot.starting()).toBeInstanceOf(Promise)
    const waiting = snapshot.hold()
    expect(waiting).toBeInstanceOf(Promise)
    caughtUp()
    const release = await waiting
    expect(typeof release).toBe('function')
    release?.()
    expect(snapshot.starting()).toBeUndefined()
    const again = snapshot.hold()
    if (typeof again !== 'function') throw new Error('expected a hold at once once caught up')
    again()
    snapshot.close()
  })

  it('past its bound a waiting batch runs unheld, and the stream is applied once the holder ends', async () => {
    const snapshot = createSnapshotHold(t.edge.replica)
    const first = snapshot.hold()
    if (typeof first !== 'function') throw new Error('expected a hold at once')
    await sealWhileHeld()
    expect(await snapshot.hold()).toBeUndefined()
    first()
    await vi.waitFor(() => expect(t.edge.replica.lastSeq()).toBe(t.sequencer.events.head()))
    snapshot.close()
  })
})
