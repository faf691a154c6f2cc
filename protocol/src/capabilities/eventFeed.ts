import type { Block, MiniBlock, StreamEvent } from '../types/index.ts'

/**
 * Told of each stream event once it is applied (readers see its effect). For a `rewind`, `removed`
 * holds what it abandoned as the follower had it, so listeners can tell clients what was undone.
 */
export type EventListener = (event: StreamEvent, removed?: Rewound) => void

/** The blocks and mini-blocks a rewind abandoned, oldest first. */
export type Rewound = { readonly miniBlocks: readonly MiniBlock[]; readonly blocks: readonly Block[] }

/** The stream as a reader follows it: every event after it is applied, in order. */
export type EventFeed = {
  /** Tells `listener` after each applied event; returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void
  /** Seq of the newest applied event; 0 before the first. */
  lastSeq(): bigint
}

/** An `EventFeed` a test drives: `publish` tells every listener, in subscription order. */
export type MemoryEventFeed = EventFeed & {
  publish(event: StreamEvent): void
  /** Listeners subscribed now. */
  listeners(): number
}

export function createMemoryEventFeed(): MemoryEventFeed {
  const listeners = new Set<EventListener>()
  let lastSeq = 0n
  return {
    onEvent(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    lastSeq: () => lastSeq,
    publish(event) {
      lastSeq = event.seq
      for (const listener of listeners) listener(event)
    },
    listeners: () => listeners.size,
  }
}
