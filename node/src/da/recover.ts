import { join } from 'node:path'
import type { Block, MiniBlock } from '@rtevm/protocol'
import { applyStateDiff } from '../block/index.ts'
import { type LoadedSnapshot, loadLatestSnapshot, type SnapshotCorruptError } from '../snapshot/index.ts'
import type { RamState } from '../state/index.ts'
import { LogSequenceError } from './errors.ts'
import { type LocalLog, type LocalLogOptions, openLocalLog } from './openLocalLog.ts'

export type RecoverOptions = {
  /** The sequencer's data directory: the log in `log/`, snapshots in `snapshots/`. */
  dir: string
  /** The state before seq 1 (genesis allocations applied); replayed onto when there is no snapshot yet. */
  genesis: () => RamState
  log?: Omit<LocalLogOptions, 'dir'>
  /**
   * Leave the diffs of the block open at the crash unapplied: `state` is then
   * the newest sealed block's post-state, and the caller applies
   * `openMiniBlocks` itself (the sequencer rebuilds that block's witness first).
   */
  holdOpenBlock?: boolean
}

/** Everything a restarting sequencer needs, with the log left open for its next append. */
export type Recovered = {
  kind: 'recovered'
  /** Open; append from `lastSeq + 1`. */
  log: LocalLog
  /**
   * The state after every durable event: snapshot (or genesis) plus the
   * replayed diffs. Its first `takeDiff()` is the whole state, to build the
   * state commitment from.
   */
  state: RamState
  lastSeq: bigint
  /** The newest sealed block: the parent of the block to open. */
  latestBlock: Block
  /** Number of the newest mini-block (0 before the first). */
  miniBlockNumber: bigint
  /** Mini-blocks sealed after `latestBlock`: the open block's, to rebuild its builder from. */
  openMiniBlocks: MiniBlock[]
  /** Seq of the snapshot replay started from; 0 when it started from genesis. */
  snapshotSeq: bigint
  /** Events applied on top of the snapshot or genesis. */
  replayed: number
  /** Newer snapshots passed over as corrupt. */
  skippedSnapshots: SnapshotCorruptError[]
}

/** A fresh data directory: nothing to recover, start from genesis. */
export type Fresh = { kind: 'fresh'; log: LocalLog }

/**
 * Opens the log in `dir` (recovering it: torn tail cut, corruption refused),
 * loads the newest good snapshot, and replays the log's events after it.
 * Throws LogSequenceError when the log cannot continue the snapshot (events
 * between them were pruned or lost) or when it does not start with a block.
 */
export async function recover(options: RecoverOptions): Promise<Recovered | Fresh> {
  const log = await openLocalLog({ ...options.log, dir: join(options.dir, 'log') })
  try {
    const snapshot = await loadLatestSnapshot(join(options.dir, 'snapshots'))
    if (!snapshot && log.lastSeq() === 0n) return { kind: 'fresh', log }
    return await replay(log, snapshot, options.genesis, options.holdOpenBlock ?? false)
  } catch (error) {
    await log.close()
    throw error
  }
}

async function replay(
  log: LocalLog,
  snapshot: LoadedSnapshot | undefined,
  genesis: () => RamState,
  holdOpenBlock: boolean,
): Promise<Recovered> {
  const snapshotSeq = snapshot?.head.seq ?? 0n
  if (log.lastSeq() < snapshotSeq) {
    throw new LogSequenceError(`the log ends at seq ${log.lastSeq()}, before the snapshot at ${snapshotSeq}`)
  }
  if (log.firstSeq() > snapshotSeq + 1n) {
    throw new LogSequenceError(
      `the log starts at seq ${log.firstSeq()}, after the snapshot at ${snapshotSeq}: events in between are gone`,
    )
  }
  const state = snapshot?.state ?? genesis()
  let latestBlock = snapshot?.head.block
  let miniBlockNumber = snapshot?.head.miniBlockNumber ?? 0n
  let openMiniBlocks: MiniBlock[] = []
  let replayed = 0
  for await (const event of log.readFrom(snapshotSeq + 1n)) {
    if (event.kind === 'block') {
      // A sealed block settles its mini-blocks: held diffs apply now.
      if (holdOpenBlock)
        for (const held of openMiniBlocks) applyStateDiff(state, held.stateDiff, held.blockNumber)
      latestBlock = event.block
      openMiniBlocks = []
    } else if (event.kind === 'miniBlock') {
      if (!holdOpenBlock) applyStateDiff(state, event.miniBlock.stateDiff, event.miniBlock.blockNumber)
      miniBlockNumber = event.miniBlock.number
      openMiniBlocks.push(event.miniBlock)
    } else if (event.kind === 'rewind') {
      // Absolute values for every key changed since the block rewound to, held mini-blocks included.
      const { block, stateDiff } = event.rewind
      applyStateDiff(state, stateDiff, block.header.number)
      latestBlock = block
      miniBlockNumber = event.rewind.miniBlockNumber
      openMiniBlocks = []
    }
    replayed++
  }
  if (!latestBlock) throw new LogSequenceError('the log does not start with a (genesis) block event')
  return {
    kind: 'recovered',
    log,
    state,
    lastSeq: log.lastSeq(),
    latestBlock,
    miniBlockNumber,
    openMiniBlocks,
    snapshotSeq,
    replayed,
    skippedSnapshots: snapshot?.skipped ?? [],
  }
}
