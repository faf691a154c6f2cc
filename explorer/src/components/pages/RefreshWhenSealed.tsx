'use client'

import { useRouter } from 'next/navigation'
import { BLOCKS_SUBSCRIPTION } from '../../graphql/queries.ts'
import { useSubscription } from '../../live/useSubscription.ts'

/** On an open block's page: re-renders it from the server once the block is sealed. */
export function RefreshWhenSealed({ blockNumber }: { blockNumber: string }) {
  const router = useRouter()
  useSubscription(BLOCKS_SUBSCRIPTION, undefined, (data) => {
    if (BigInt(data.blocks.number) >= BigInt(blockNumber)) router.refresh()
  })
  return null
}
