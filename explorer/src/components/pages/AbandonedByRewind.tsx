'use client'

import Link from 'next/link'
import { type ReactNode, useState } from 'react'
import type { ChainRewind } from '../../graphql/types.ts'
import { useOnRewind } from '../../live/ChainRewindsProvider.tsx'
import * as urls from '../../urls.ts'

export type AbandonedByRewindProps = {
  /** What the page shows, for the notice: "transaction", "block", "mini-block". */
  what: string
  /** The page's mini-block (transactions, mini-blocks) or block (blocks): above the rewind point, it is abandoned. */
  position: { miniBlock: string } | { block: string }
  children: ReactNode
}

/**
 * A page's content while it is part of the chain. When a rewind arrives that abandons it (the
 * page was rendered before the rewind), the content gives way to a not-found notice instead of
 * going on showing data the chain no longer holds. Only rewinds after the page opened count: a
 * page rendered later already shows the new branch under the same number.
 */
export function AbandonedByRewind({ what, position, children }: AbandonedByRewindProps) {
  const [abandonedBy, setAbandonedBy] = useState<ChainRewind | null>(null)
  useOnRewind((rewind) => {
    const abandoned =
      'miniBlock' in position
        ? BigInt(position.miniBlock) > BigInt(rewind.miniBlock)
        : BigInt(position.block) > BigInt(rewind.block)
    if (abandoned) setAbandonedBy((current) => current ?? rewind)
  })
  if (!abandonedBy) return children
  return (
    <article className="page" data-testid="abandoned">
      <h1>Not found: abandoned by a rewind</h1>
      <p>
        This {what} is no longer part of the chain: the chain was rewound to block{' '}
        <Link href={urls.block(abandonedBy.block)}>{abandonedBy.block}</Link> (mini-block{' '}
        <Link href={urls.miniBlock(abandonedBy.miniBlock)}>{abandonedBy.miniBlock}</Link>), abandoning
        everything after it. Its number may be reused by a new {what}.
      </p>
      <p>
        <Link href={urls.home()}>Back to the live view</Link>
      </p>
    </article>
  )
}
