import {
  createDiffDecoder,
  createDiffEncoder,
  type DiffTablesStats,
  decodeStateDiff,
  ErrorCode,
  encodeStateDiff,
  type PreStateLookup,
  RtevmError,
} from '@rtevm/protocol'
import { createSenders, createStateReplica, type StateDump } from '@rtevm/testkit'
import { driveSaturated } from '../bench/drive.ts'
import { defineConfig } from '../config/index.ts'
import { createSequencer } from '../sequencer/index.ts'
import { bytesFromHex, hexFromBytes } from '../state/index.ts'
import type { DiffWorkload } from './diffWorkloads.ts'

/**
 * How mini-blocks are cut: `realtime` keeps two transactions in flight, so
 * mini-blocks hold one or two (what 1 000 tx/s looks like with ≤ 1 ms
 * mini-blocks); `large` submits everything at once with up to 50 ms of work
 * per mini-block.
 */
export type Batching = 'realtime' | 'large'

export type DiffSizeOptions = {
  workload: DiffWorkload
  batching: Batching
  /** Priority fee per gas; above 0 the coinbase is credited in every diff. */
  tip: bigint
  count: number
  senders?: number
}

/** Bytes of the measured transactions' state diffs (setup excluded). */
export type DiffSizeRun = {
  transactions: number
  miniBlocks: number
  v1Bytes: number
  v2Bytes: number
  /**
   * Time spent encoding and decoding the measured diffs, v1 and v2 (v2 with its
   * lookups). Cold for v2 in a short run: see `measureCodecSpeed` for warm figures.
   */
  v1Ms: number
  v2Ms: number
  /** Id tables after the run (genesis accounts included). */
  tables: DiffTablesStats
}

/**
 * Runs `workload` on a real in-process sequencer and sizes every mini-block's
 * diff twice: v1 (`encodeStateDiff`) and v2 (the compact encoder, against a
 * follower replica's pre-state). Every v2 frame is decoded by a second
 * follower and must give the sequencer's diff back, so a figure is never
 * taken from a lossy encoding.
 */
export async function measureDiffSize(options: DiffSizeOptions): Promise<DiffSizeRun> {
  const senders = createSenders(options.senders ?? 64)
  const config = defineConfig({
    alloc: senders.alloc,
    miniBlockMaxWorkUs: options.batching === 'large' ? 50_000 : 1000,
    blockIntervalMs: 2 ** 31 - 1,
  })
  const { setup, raws } = options.workload.prepare(senders, options.count, options.tip)
  const sequencer = await createSequencer(config)
  try {
    const genesis = [
      ...sequencer.devAccounts.map((a) => ({ address: a.address, balance: config.devAccountBalance })),
      ...config.alloc,
    ]
    const genesisAddresses = genesis.map((a) => bytesFromHex(a.address.slice(2)))
    const leader = createStateReplica(genesis)
    const follower = createStateReplica(genesis)
    const encoder = createDiffEncoder(lookupOf(leader.state), { genesis: genesisAddresses })
    const decoder = createDiffDecoder(lookupOf(follower.state), { genesis: genesisAddresses })
    const run: DiffSizeRun = {
      transactions: 0,
      miniBlocks: 0,
      v1Bytes: 0,
      v2Bytes: 0,
      v1Ms: 0,
      v2Ms: 0,
      tables: { accounts: 0, slots: 0, bytes: 0 },
    }
    let measuring = false
    let mismatch: string | undefined
    const unsubscribe = sequencer.events.subscribe(({ event }) => {
      if (event.kind !== 'miniBlock' || mismatch) return
      const diff = event.miniBlock.stateDiff
      const t0 = performance.now()
      const compact = encoder.encode(diff)
      const decoded = decoder.decode(compact)
      const t1 = performance.now()
      const v1 = encodeStateDiff(diff)
      decodeStateDiff(v1)
      const t2 = performance.now()
      if (!sameBytes(encodeStateDiff(decoded), v1)) mismatch = `mini-block ${event.miniBlock.number}`
      leader.applyDiff(diff)
      follower.applyDiff(decoded)
      if (!measuring) return
      run.transactions += event.miniBlock.transactions.length
      run.miniBlocks++
      run.v1Bytes += v1.length
      run.v2Bytes += compact.length
      run.v2Ms += t1 - t0
      run.v1Ms += t2 - t1
    })
    for (const raw of setup) await sequencer.submit(raw)
    measuring = true
    const driven = await driveSaturated(sequencer, raws, 600, options.batching === 'large' ? 4096 : 2)
    unsubscribe()
    if (mismatch) throw new RtevmError(ErrorCode.Internal, `compact diff round trip differs at ${mismatch}`)
    if (driven.failed > 0)
      throw new RtevmError(ErrorCode.Internal, `${driven.failed} measured transactions failed`)
    run.tables = encoder.stats()
    return run
  } finally {
    await sequencer.close()
  }
}

/** A `PreStateLookup` over a replica's plain-map state (hex keys). */
export function lookupOf(state: StateDump): PreStateLookup {
  return {
    account: (address) => state.accounts.get(hexFromBytes(address)),
    storage: (address, slot) =>
      state.accounts.get(hexFromBytes(address))?.storage.get(hexFromBytes(slot)) ?? 0n,
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
