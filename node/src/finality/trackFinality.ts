/** One block's verified outcome, as the finality tracker needs it. */
export type VerifiedLink = {
  blockNumber: bigint
  ok: boolean
  /** The root the block was verified against (its parent's state root). */
  parentStateRoot: Uint8Array
  stateRoot: Uint8Array
}

/**
 * The newest block such that it and every block before it (down to
 * `finalizedFrom`, final by assumption: genesis) verified ok, each against
 * the state root its predecessor was verified to produce. Outcomes arrive in
 * any order; a block that failed stops finality there for good.
 */
export type FinalityTracker = {
  add(link: VerifiedLink): void
  finalized(): bigint
}

export function trackFinality(finalizedFrom: bigint, finalizedRoot: Uint8Array): FinalityTracker {
  // Invariant: every key is above `finalized`; entries leave as finality passes them.
  const waiting = new Map<bigint, VerifiedLink>()
  let finalized = finalizedFrom
  let root = finalizedRoot

  return {
    add(link) {
      if (link.blockNumber <= finalized) return
      waiting.set(link.blockNumber, link)
      for (;;) {
        const next = waiting.get(finalized + 1n)
        if (next === undefined || !next.ok || !Buffer.from(next.parentStateRoot).equals(root)) return
        waiting.delete(next.blockNumber)
        finalized = next.blockNumber
        root = next.stateRoot
      }
    },
    finalized: () => finalized,
  }
}
