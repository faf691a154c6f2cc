'use client'

import { useEffect, useRef } from 'react'
import { checkPosition } from './checkPosition.ts'
import { useExplorer } from './ExplorerProvider.tsx'
import type { PagePosition } from './pagePosition.ts'

/**
 * Checks `position` against the indexer each time the page's indexer socket comes up (the first
 * connection, every reconnect, and at mount when it is already up) and calls `onGone` if the chain no
 * longer holds it. The `rewinds` subscription only reports rewinds from when it started: one that
 * came while the page was loading, or while the socket was down, shows up here instead.
 */
export function usePositionCheck(position: PagePosition, onGone: () => void): void {
  const { graphql, link } = useExplorer()
  const handler = useRef(onGone)
  handler.current = onGone
  const key = JSON.stringify(position)
  useEffect(() => {
    if (!graphql || link !== 'up') return
    return checkPosition(graphql, JSON.parse(key) as PagePosition, (present) => {
      if (!present) handler.current()
    })
  }, [graphql, link, key])
}
