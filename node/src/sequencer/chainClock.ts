/**
 * The chain's notion of "now" in whole seconds: the wall clock plus an offset
 * that `evm_increaseTime` and `evm_setNextBlockTimestamp` move. Block
 * timestamps still strictly increase whatever the offset does.
 */
export type ChainClock = {
  /** Timestamp for a block opened now on top of `parentTimestamp`. */
  nextTimestamp(parentTimestamp: bigint): bigint
  /** Moves the clock forward by `seconds`; returns the total offset. */
  increase(seconds: bigint): bigint
  /** The next block opened gets exactly `timestamp`; the clock continues from there. */
  setNext(timestamp: bigint): void
  /** The clock's adjustments, to go back to with `restore` (devnet snapshots). */
  save(): ClockSetting
  restore(setting: ClockSetting): void
}

/** What `evm_increaseTime` / `evm_setNextBlockTimestamp` changed: an offset and a pinned next timestamp. */
export type ClockSetting = { readonly offset: bigint; readonly pinned: bigint | undefined }

export function createChainClock(wallSeconds: () => bigint = nowSeconds): ChainClock {
  let offset = 0n
  let pinned: bigint | undefined
  return {
    nextTimestamp(parentTimestamp) {
      const next = pinned ?? wallSeconds() + offset
      pinned = undefined
      // Block timestamps strictly increase even when blocks are sealed faster than 1 per second.
      return next > parentTimestamp ? next : parentTimestamp + 1n
    },
    increase(seconds) {
      offset += seconds
      return offset
    },
    setNext(timestamp) {
      pinned = timestamp
      offset = timestamp - wallSeconds()
    },
    save: () => ({ offset, pinned }),
    restore(setting) {
      offset = setting.offset
      pinned = setting.pinned
    },
  }
}

function nowSeconds(): bigint {
  return BigInt(Math.floor(Date.now() / 1000))
}
