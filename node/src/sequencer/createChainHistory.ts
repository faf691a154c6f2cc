import type { Block, StateDiff } from '@rtevm/protocol'
import {
  createStateHistory,
  DEFAULT_HISTORY_WINDOW,
  type HistoryWindow,
  type RamState,
  type StateReader,
} from '../state/index.ts'

/** A sealed block and the number of the newest mini-block at its end: where a rollback lands. */
export type ChainPoint = { readonly block: Block; readonly miniBlockNumber: bigint }

/**
 * The sequencer's recent past, for devnet `anvil_rollback` / `anvil_reorg`: the
 * values each block overwrote (per-block reverse diffs, as a replica keeps them)
 * and the sealed blocks they belong to, within one window.
 */
export type ChainHistory = {
  /** `takeDiff`'s `before` hook: records what a mini-block of `blockNumber` overwrites. */
  record(before: StateReader, diff: StateDiff, blockNumber: bigint): void
  sealed(point: ChainPoint): void
  /** Block `number` while its end state is still in the window. */
  pointAt(number: bigint): ChainPoint | undefined
  /** The oldest block a rollback can reach. */
  oldestBlock(): bigint
  /** Writes into `state` the values it held at the end of `number` (through its diff tracker). */
  rewindState(state: RamState, number: bigint): void
  /** The chain went back to `number`: later records describe abandoned blocks. */
  forgetAfter(number: bigint): void
}

export function createChainHistory(window: HistoryWindow, start: ChainPoint): ChainHistory {
  const states = createStateHistory(window, start.block.header.number)
  const maxBlocks = window.blocks ?? DEFAULT_HISTORY_WINDOW.blocks
  // Sealed blocks, oldest first, from the window's floor on.
  const points: ChainPoint[] = [start]

  function prune() {
    // Idle blocks record no state, so the block count bounds the points too.
    const floor = states.oldestBlock()
    let drop = Math.max(0, points.length - 1 - maxBlocks)
    while (drop < points.length - 1 && points[drop]!.block.header.number < floor) drop++
    if (drop > 0) points.splice(0, drop)
  }

  return {
    record: (before, diff, blockNumber) => states.record(before, diff, blockNumber),
    sealed(point) {
      points.push(point)
      prune()
    },
    pointAt(number) {
      if (number < states.oldestBlock()) return undefined
      const offset = Number(number - points[0]!.block.header.number)
      return points[offset]
    },
    oldestBlock: () => {
      const floor = states.oldestBlock()
      const first = points[0]!.block.header.number
      return floor > first ? floor : first
    },
    rewindState: (state, number) => states.rewind(state, number),
    forgetAfter(number) {
      states.forgetAfter(number)
      const keep = Number(number - points[0]!.block.header.number) + 1
      if (keep >= 1 && keep < points.length) points.length = keep
    },
  }
}
