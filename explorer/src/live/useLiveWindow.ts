'use client'

import { useEffect, useRef, useState } from 'react'
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

export type LiveWindowOptions<T, D> = {
  query: string
  variables?: Record<string, unknown>
  /** Picks the item out of one subscription payload. */
  select: (data: D) => T
  keyOf: (item: T) => string
  /** Rows kept; memory stays fixed however fast items arrive. */
  size: number
  /** Newest first, as the indexer's DESC queries return them (server-rendered). */
  initial: readonly T[]
}

/**
 * A fixed window over a fast subscription. Items go into a ring buffer held
 * in a ref as they arrive (possibly every millisecond); React renders the
 * ring once per animation frame at most, so rendering never falls behind the
 * stream: whatever passed through the window between two frames is counted
 * in `skipped` instead of drawn.
 */
export function useLiveWindow<T, D>(options: LiveWindowOptions<T, D>): LiveWindow<T> {
  const { size, keyOf } = options
  const ring = useRef<{ items: T[]; next: number; count: number } | null>(null)
  if (ring.current === null) {
    const items = options.initial.slice(0, size).reverse()
    ring.current = { items, next: items.length % size, count: items.length }
  }
  const counters = useRef({ received: 0, skipped: 0, sinceFrame: 0, dirty: false })
  const [view, setView] = useState<LiveWindow<T>>(() => ({
    rows: options.initial.slice(0, size),
    received: 0,
    skipped: 0,
    error: null,
  }))

  const error = useSubscription<D>(options.query, options.variables, (data) => {
    const item = options.select(data)
    const r = ring.current!
    // The server-rendered rows may overlap the first notifications.
    if (r.count > 0 && r.items.some((existing) => keyOf(existing) === keyOf(item))) return
    r.items[r.next] = item
    r.next = (r.next + 1) % size
    r.count = Math.min(r.count + 1, size)
    const c = counters.current
    c.received++
    c.sinceFrame++
    c.dirty = true
  })

  useEffect(() => {
    let frame = 0
    const draw = () => {
      const c = counters.current
      if (c.dirty) {
        c.dirty = false
        if (c.sinceFrame > size) c.skipped += c.sinceFrame - size
        c.sinceFrame = 0
        const r = ring.current!
        const rows: T[] = []
        for (let i = 1; i <= r.count; i++) rows.push(r.items[(r.next - i + size) % size])
        setView({ rows, received: c.received, skipped: c.skipped, error: null })
      }
      frame = requestAnimationFrame(draw)
    }
    frame = requestAnimationFrame(draw)
    return () => cancelAnimationFrame(frame)
  }, [size])

  return error === view.error ? view : { ...view, error }
}
