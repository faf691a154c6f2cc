'use client'

import Link from 'next/link'
import { type ReactNode, useState } from 'react'
import type { ChainRewind } from '../../graphql/types.ts'
import { useChainRewinds, useOnRewind } from '../../live/ChainRewindsProvider.tsx'
import { type PagePosition, rewindAbandonsPosition } from '../../live/pagePosition.ts'
import { usePositionCheck } from '../../live/usePositionCheck.ts'
import * as urls from '../../urls.ts'

export type AbandonedByRewindProps = {
  /** What the page shows and where it sits: above a rewind point, or gone when checked, it is abandoned. */
  position: PagePosition
  children: ReactNode
}

/** The rewind that abandoned the page, when the page saw it (null: found gone by the position check). */
type Abandonment = { rewind: ChainRewind | null }

/**
 * A page's content while it is part of the chain. When the chain rewinds below it after the page was
 * rendered, the content gives way to a not-found notice instead of going on showing data the chain no
 * longer holds: live from the `rewinds` subscription, and from a check of the position each time the
 * indexer socket comes up (a rewind before the subscription started, or while it was down, is not
 * pushed). A page rendered after a rewind already shows the new branch under the same number.
 */
export function AbandonedByRewind({ position, children }: AbandonedByRewindProps) {
  const [abandoned, setAbandoned] = useState<Abandonment | null>(null)
  const { last } = useChainRewinds()
  useOnRewind((rewind) => {
    if (rewindAbandonsPosition(rewind, position)) setAbandoned((current) => current ?? { rewind })
  })
  usePositionCheck(position, () => {
    const seen = last && rewindAbandonsPosition(last, position) ? last : null
    setAbandoned((current) => current ?? { rewind: seen })
  })
  if (!abandoned) return children
  const what = position.kind
  const { rewind } = abandoned
  return (
    <article className="page" data-testid="abandoned">
      <h1>Not found: abandoned by a rewind</h1>
      {rewind ? (
        <p>
          This {what} is no longer part of the chain: the chain was rewound to block{' '}
          <Link href={urls.block(rewind.block)}>{rewind.block}</Link> (mini-block{' '}
          <Link href={urls.miniBlock(rewind.miniBlock)}>{rewind.miniBlock}</Link>), abandoning everything
          after it. Its number may be reused by a new {what}.
        </p>
      ) : (
        <p>
          This {what} is no longer part of the chain: the chain was rewound below it after this page was
          rendered. Its number may be reused by a new {what}.
        </p>
      )}
      <p>
        <Link href={urls.home()}>Back to the live view</Link>
      </p>
    </article>
  )
}
