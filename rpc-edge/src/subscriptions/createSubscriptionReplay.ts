import type { Block, BlockSource } from '@rtevm/protocol'
import { InvalidParamsError } from '../errors/index.ts'
import { ReplayUnavailableError } from './errors.ts'
import {
  blockNotifications,
  fedByBlocks,
  fedByMiniBlocks,
  logsOfBlock,
  miniBlockNotifications,
  miniBlockView,
} from './streamNotifications.ts'

/** One replayed notification and the mini-block it comes from. */
export type ReplayedNotification = { miniBlock: bigint; result: unknown }

/** The history behind `eth_subscribe(kind, { fromMiniBlock })`. */
export type SubscriptionReplay = {
  /** Throws ReplayUnavailableError (or InvalidParamsError) unless a replay from `fromMiniBlock` can be served now. */
  check(kind: string, filter: unknown, fromMiniBlock: bigint): void
  /** What a channel of `kind`/`filter` was sent from `fromMiniBlock` to the newest mini-block, oldest first. */
  notifications(kind: string, filter: unknown, fromMiniBlock: bigint): Iterable<ReplayedNotification>
  /** Where the chain stands (newest mini-block and block): a replay prepared at one position is whole at it. */
  position(): { miniBlock: bigint; block: bigint }
}

/**
 * Replays from the replica's retained mini-blocks and blocks, formatted as the
 * live publisher formats them. A replay spans at most `maxMiniBlocks`
 * mini-blocks (and, for kinds fed by sealed blocks, as many blocks: an idle
 * chain seals empty ones), so one request cannot make the edge serialize its
 * whole history. A replay reads the chain as it is now: logs a rewind removed
 * are not sent again.
 */
export function createSubscriptionReplay(deps: {
  blocks: BlockSource
  maxMiniBlocks: number
}): SubscriptionReplay {
  const { blocks, maxMiniBlocks } = deps

  /** Retained mini-blocks are contiguous up to the newest: the oldest is found by bisection. */
  function oldestRetained(newest: bigint): bigint {
    let low = 1n
    let high = newest
    while (low < high) {
      const mid = (low + high) / 2n
      if (blocks.getMiniBlock(mid)) high = mid
      else low = mid + 1n
    }
    return low
  }

  function check(kind: string, filter: unknown, fromMiniBlock: bigint): void {
    if (!fedByMiniBlocks(kind, filter) && !fedByBlocks(kind, filter)) {
      throw new InvalidParamsError(`the ${kind} subscription cannot be resumed`)
    }
    const from = fromMiniBlock < 1n ? 1n : fromMiniBlock
    const newest = blocks.head().miniBlock
    if (from > newest + 1n) {
      throw new InvalidParamsError(`fromMiniBlock ${from} is beyond the newest mini-block ${newest}`)
    }
    if (from > newest) return
    const limit = newest - BigInt(maxMiniBlocks) + 1n
    const oldest = [oldestRetained(newest), limit].reduce((a, b) => (a > b ? a : b))
    if (from < oldest) throw new ReplayUnavailableError(from, oldest, newest)
    if (fedByBlocks(kind, filter) && sealedSince(from, maxMiniBlocks + 1).length > maxMiniBlocks) {
      throw new ReplayUnavailableError(from, sealedSince(from, maxMiniBlocks)[0]?.position ?? newest, newest)
    }
  }

  /**
   * Sealed blocks sent to subscribers from mini-block `from` on, oldest first, each with its
   * position (the newest mini-block when it was sealed: its own last, or for an empty block the
   * last of the nearest earlier block that had any). At most `cap` of them, the newest.
   */
  function sealedSince(from: bigint, cap: number): { block: Block; position: bigint }[] {
    const out: { block: Block; position: bigint }[] = []
    let empties: Block[] = []
    for (let n = blocks.head().block; n >= 1n && out.length < cap; n--) {
      const block = blocks.getBlockByNumber(n)
      if (!block) break
      if (block.miniBlockCount === 0) {
        empties.push(block)
        continue
      }
      const position = block.firstMiniBlock + BigInt(block.miniBlockCount - 1)
      if (position < from) break
      for (const empty of empties) out.push({ block: empty, position })
      out.push({ block, position })
      empties = []
    }
    return out.slice(0, cap).reverse()
  }

  function* notifications(kind: string, filter: unknown, fromMiniBlock: bigint) {
    const from = fromMiniBlock < 1n ? 1n : fromMiniBlock
    if (fedByBlocks(kind, filter)) {
      for (const { block, position } of sealedSince(from, maxMiniBlocks)) {
        for (const result of blockNotifications(kind, filter, block, () => logsOfBlock(block, blocks))) {
          yield { miniBlock: position, result }
        }
      }
      return
    }
    const newest = blocks.head().miniBlock
    for (let n = from; n <= newest; n++) {
      const mb = blocks.getMiniBlock(n)
      if (!mb) continue
      for (const result of miniBlockNotifications(kind, filter, miniBlockView(mb, blocks), blocks)) {
        yield { miniBlock: n, result }
      }
    }
  }

  return {
    check,
    notifications,
    position: () => {
      const { miniBlock, block } = blocks.head()
      return { miniBlock, block }
    },
  }
}
