'use client'

import type { MiniBlock, MiniBlockDetail, RealtimeClient } from '@rtevm/client'
import { useMiniBlocks } from '@rtevm/client/react'
import { useEffect, useRef, useState } from 'react'
import type { ChainRewind, TypedDocumentString } from '../graphql/types.ts'
import { useOnRewind } from './ChainRewindsProvider.tsx'
import { createRingWindow, type RingWindow } from './createRingWindow.ts'
import { useExplorer } from './ExplorerProvider.tsx'
import { useSubscription } from './useSubscription.ts'

export type LiveWindow<T> = {
  /** Newest first, at most `size`. */
  rows: T[]
  /** Items the subscription delivered since mount. */
  received: number
  /** Items that arrived and left the window between two frames, so were never drawn. */
  skipped: number
  /** The subscription's error, if the indexer rejected it. */
  error: string | null
}

export type LiveWindowOptions<T, D, V> = {
  query: TypedDocumentString<D, V>
  variables?: V
  /** Picks the item out of one subscription payload. */
  select: (data: D) => T
  keyOf: (item: T) => string
  /** Rows kept; memory stays fixed however fast items arrive. */
  size: number
  /** Newest first, as the indexer's DESC queries return them (server-rendered). */
  initial: readonly T[]
  /**
   * Called once, when the first notification arrives, to fill what was
   * committed between the server's query and the subscription's start.
   */
  backfill?: () => Promise<readonly T[]>
  /** Display order of the rows (default: arrival, newest first); needed with `backfill`. */
  order?: (a: T, b: T) => number
  /**
   * The same stream from the edge's WebSocket, which has each mini-block before the indexer has
   * committed it: `select` turns one mini-block (at `detail`) into items (in order). Needs `sequenceOf`.
   */
  edge?: {
    detail: MiniBlockDetail
    select: (miniBlock: MiniBlock, edge: RealtimeClient) => readonly T[] | Promise<readonly T[]>
  }
  /** The mini-block an item belongs to: with `edge`, whichever feed delivers a mini-block first wins. */
  sequenceOf?: (item: T) => bigint
  /** Whether a rewind abandoned the item: abandoned rows leave the window when the rewind arrives. */
  abandonedBy?: (rewind: ChainRewind, item: T) => boolean
}

/**
 * A fixed window over a fast subscription. Items go into a ring buffer held
 * in a ref as they arrive (possibly every millisecond); React renders the
 * ring once per animation frame at most, so rendering never falls behind the
 * stream: whatever passed through the window between two frames is counted
 * in `skipped` instead of drawn.
 */
export function useLiveWindow<T, D, V>(options: LiveWindowOptions<T, D, V>): LiveWindow<T> {
  const { size } = options
  const ring = useRef<RingWindow<T> | null>(null)
  // Created once per mount; the server-rendered rows may overlap the first notifications (deduplicated).
  ring.current ??= createRingWindow(size, options.keyOf, options.initial, { sequenceOf: options.sequenceOf })
  const [view, setView] = useState<Omit<LiveWindow<T>, 'error'>>(() => ({
    rows: options.initial.slice(0, size),
    received: 0,
    skipped: 0,
  }))

  const backfilled = useRef(false)
  const error = useSubscription(options.query, options.variables, (data) => {
    ring.current!.push(options.select(data), 'indexer')
    if (options.backfill && !backfilled.current) {
      backfilled.current = true
      options.backfill().then(
        (items) => {
          for (const item of items) ring.current?.push(item)
        },
        () => {
          // The gap stays; live rows keep coming.
        },
      )
    }
  })
  // Notifications are selected concurrently (a select may ask the edge for details) and pushed in order.
  const edgeTail = useRef<Promise<void>>(Promise.resolve())
  const { edge } = useExplorer()
  const onMiniBlock = (miniBlock: MiniBlock) => {
    const selected = edge && options.edge?.select(miniBlock, edge)
    if (!selected) return
    if (Array.isArray(selected)) {
      for (const item of selected as readonly T[]) ring.current!.push(item, 'edge')
      return
    }
    const items = Promise.resolve(selected).catch(() => [] as readonly T[])
    edgeTail.current = edgeTail.current.then(async () => {
      for (const item of await items) ring.current?.push(item, 'edge')
    })
  }
  useMiniBlocks({
    client: edge,
    detail: options.edge?.detail,
    enabled: options.edge !== undefined,
    onMiniBlock,
  })
  const order = useRef(options.order)
  order.current = options.order
  const abandonedBy = options.abandonedBy
  useOnRewind(abandonedBy && ((rewind) => ring.current?.rewind((item) => abandonedBy(rewind, item))))

  useEffect(() => {
    let frame = 0
    const draw = () => {
      const r = ring.current!
      const rows = r.takeFrame()
      if (rows)
        setView({
          rows: order.current ? rows.sort(order.current) : rows,
          received: r.received(),
          skipped: r.skipped(),
        })
      frame = requestAnimationFrame(draw)
    }
    frame = requestAnimationFrame(draw)
    return () => cancelAnimationFrame(frame)
  }, [])

  return { ...view, error }
}
