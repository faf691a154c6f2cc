import { createCompactStreamEncoder } from '@rtevm/protocol'
import { afterEach, expect, it, vi } from 'vitest'
import { genesisAccounts } from '../genesis/index.ts'
import { startTestChain, type TestChain } from '../replica/replicaTestSupport.ts'
import { createEventLog } from './createEventLog.ts'

let chain: TestChain | undefined

afterEach(async () => {
  await chain?.sequencer.close()
  chain = undefined
})

it('a preloaded history gets the compact encodings a live one has, in the background, without a read forcing them', async () => {
  chain = await startTestChain(8, { blockIntervalMs: 2 ** 31 - 1 })
  const token = await chain.deployToken(10n ** 24n)
  for (let round = 0; round < 20; round++) {
    await chain.round(token)
    await chain.sequencer.sealBlock()
  }
  const live = chain.sequencer.events.readFrom(1n, 100_000)
  // More than a read encodes on the spot (64).
  expect(live.length).toBeGreaterThan(80)
  // Read first: the live history's encodings are made on read or on the next turn.
  const liveWire = live.map((entry) => Buffer.from(entry.wire!))

  const restarted = createEventLog({
    events: 100_000,
    bytes: 2 ** 40,
    wire: createCompactStreamEncoder(genesisAccounts(chain.sequencer.config)),
  })
  for (const entry of live) restarted.preload(entry.seq, entry.bytes)
  const preloaded = restarted.readFrom(1n, 100_000)
  // The newest is far behind the encoder: reading it serves v1 (undefined) instead of encoding everything.
  expect(preloaded.at(-1)!.wire).toBeUndefined()
  // Decoded on demand, the same events.
  expect(preloaded.map((entry) => entry.event)).toEqual(live.map((entry) => entry.event))
  await vi.waitFor(() => expect(preloaded.at(-1)!.wire).toBeDefined(), { timeout: 10_000, interval: 20 })
  expect(preloaded.map((entry) => Buffer.from(entry.wire!))).toEqual(liveWire)
})
