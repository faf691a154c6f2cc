'use client'

import { useCallback, useContext, useSyncExternalStore } from 'react'
import type { Client } from 'viem'
import { WagmiContext } from 'wagmi'
import { getClient, watchClient } from 'wagmi/actions'

export type RealtimeClientParameter = {
  /** The client to use; without one, wagmi's client for `chainId` (a `<WagmiProvider>` above). */
  client?: Client | null
  chainId?: number
}

/** `client` when given, else the wagmi config's client (undefined without either). */
export function useRealtimeClient({ client, chainId }: RealtimeClientParameter): Client | undefined {
  const config = useContext(WagmiContext)
  const subscribe = useCallback(
    (onChange: () => void) => (config ? watchClient(config, { onChange }) : () => {}),
    [config],
  )
  const read = () => (config ? (getClient(config, { chainId }) as Client | undefined) : undefined)
  const fromWagmi = useSyncExternalStore(subscribe, read, read)
  return client ?? fromWagmi
}
