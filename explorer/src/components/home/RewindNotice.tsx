'use client'

import Link from 'next/link'
import { formatInteger } from '../../format/formatters.ts'
import { useChainRewinds } from '../../live/ChainRewindsProvider.tsx'
import * as urls from '../../urls.ts'

/** Says that the chain went back (devnet revert, rollback or reorg) while the page was open, and how far. */
export function RewindNotice() {
  const { last } = useChainRewinds()
  if (!last) return null
  const blocks = last.abandonedBlocks === 1 ? 'block' : 'blocks'
  const miniBlocks = last.abandonedMiniBlocks === 1 ? 'mini-block' : 'mini-blocks'
  return (
    <p className="notice" data-testid="rewind-notice" role="status">
      Chain rewound to block <Link href={urls.block(last.block)}>{last.block}</Link> (
      {formatInteger(last.abandonedBlocks)} {blocks} and {formatInteger(last.abandonedMiniBlocks)}{' '}
      {miniBlocks} abandoned): what they held is gone from the lists below, and their numbers are reused.
    </p>
  )
}
