'use client'

import { useRouter } from 'next/navigation'
import { useEffect, useRef } from 'react'
import { TOKEN_TRANSFERS_SUBSCRIPTION } from '../../graphql/queries.ts'
import { useSubscription } from '../../live/useSubscription.ts'

const MIN_INTERVAL_MS = 2_000

/**
 * Re-renders the page from the server (holders, balances, counts) when a
 * matching token transfer happens, at most every 2 s however fast they arrive.
 */
export function RefreshOnTransfers({ token, address }: { token?: string; address?: string }) {
  const router = useRouter()
  const last = useRef(0)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  useSubscription(TOKEN_TRANSFERS_SUBSCRIPTION, { token, address }, () => {
    if (timer.current !== undefined) return
    const wait = Math.max(0, last.current + MIN_INTERVAL_MS - Date.now())
    timer.current = setTimeout(() => {
      timer.current = undefined
      last.current = Date.now()
      router.refresh()
    }, wait)
  })
  return null
}
