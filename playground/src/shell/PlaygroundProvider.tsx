'use client'

import { createRealtimeSocket, defineRtevmChain, type RealtimeSocket } from '@rtevm/client'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react'
import type { Address } from 'viem'
import { createConfig, http, useAccount, WagmiProvider } from 'wagmi'
import { injected } from 'wagmi/connectors'
import type { RuntimeConfig } from '../config/runtimeConfig.ts'
import { messageOf } from '../errors.ts'
import { FIRST_RESERVED_ACCOUNT } from '../wallet/accountRoles.ts'
import { createDevWallet, DEV_ACCOUNT_COUNT, type DevWallet } from '../wallet/createDevWallet.ts'
import { createInjectedSigner } from '../wallet/createInjectedSigner.ts'
import type { Signer } from '../wallet/Signer.ts'
import { type ActionTimings, createActionTimings } from './createActionTimings.ts'

/** The playground contracts' addresses (as `/api/contracts` serves D's address book). */
export type AddressBook = {
  chainId: number
  deployer: Address
  baseToken: Address
  quoteToken: Address
  orderBook: Address
  arena: Address
}

export type Playground = {
  config: RuntimeConfig
  socket: RealtimeSocket
  /** Whether the edge socket is open. */
  online: boolean
  accountIndex: number
  setAccountIndex(index: number): void
  /** The dev wallet of the chosen account (undefined while it loads). */
  devWallet?: DevWallet
  /** The injected wallet when one is connected, else the dev wallet. */
  signer?: Signer
  contracts?: AddressBook
  contractsError?: string
  /** The visitor's own sends, timed for the readout on every page. */
  timings: ActionTimings
  wagmiConfig: ReturnType<typeof createWagmiConfig>
}

const PlaygroundContext = createContext<Playground | undefined>(undefined)

export function usePlayground(): Playground {
  const playground = useContext(PlaygroundContext)
  if (!playground) throw new Error('usePlayground outside <PlaygroundProvider>')
  return playground
}

function createWagmiConfig(config: RuntimeConfig) {
  // Reads default to `pending`, the newest mini-block.
  const chain = defineRtevmChain({ chainId: config.chainId, rpcUrl: config.rpcUrl, wsUrl: config.wsUrl })
  return createConfig({
    chains: [chain],
    connectors: [injected()],
    transports: { [chain.id]: http(config.rpcUrl) },
    ssr: true,
  })
}

/**
 * The tab's dev account: `?account=N`, else what this tab chose before, else the next one in
 * a round-robin kept in localStorage, so each new tab plays as a different account.
 */
function initialAccountIndex(): number {
  const valid = (index: number) => Number.isInteger(index) && index >= 0 && index < DEV_ACCOUNT_COUNT
  const fromQuery = new URLSearchParams(window.location.search).get('account')
  if (fromQuery !== null && valid(Number(fromQuery))) return Number(fromQuery)
  const chosen = window.sessionStorage.getItem('rtevm.account')
  if (chosen !== null && valid(Number(chosen))) return Number(chosen)
  const next = Number(window.localStorage.getItem('rtevm.nextAccount') ?? '0')
  const index = valid(next) && next < FIRST_RESERVED_ACCOUNT ? next : 0
  window.localStorage.setItem('rtevm.nextAccount', String((index + 1) % FIRST_RESERVED_ACCOUNT))
  window.sessionStorage.setItem('rtevm.account', String(index))
  return index
}

export function PlaygroundProvider({ config, children }: { config: RuntimeConfig; children: ReactNode }) {
  const [wagmiConfig] = useState(() => createWagmiConfig(config))
  const [queryClient] = useState(() => new QueryClient())
  return (
    <WagmiProvider config={wagmiConfig}>
      <QueryClientProvider client={queryClient}>
        <PlaygroundState config={config} wagmiConfig={wagmiConfig}>
          {children}
        </PlaygroundState>
      </QueryClientProvider>
    </WagmiProvider>
  )
}

function PlaygroundState({
  config,
  wagmiConfig,
  children,
}: {
  config: RuntimeConfig
  wagmiConfig: Playground['wagmiConfig']
  children: ReactNode
}) {
  const [socket, setSocket] = useState<RealtimeSocket>()
  const [online, setOnline] = useState(false)
  const [accountIndex, setIndex] = useState<number>()
  const [devWallet, setDevWallet] = useState<DevWallet>()
  const [contracts, setContracts] = useState<AddressBook>()
  const [contractsError, setContractsError] = useState<string>()
  const injectedAccount = useAccount()
  const [timings] = useState(createActionTimings)

  useEffect(() => {
    const edge = createRealtimeSocket({ url: config.wsUrl })
    const stop = edge.onStatus(setOnline)
    setSocket(edge)
    setIndex(initialAccountIndex())
    return () => {
      stop()
      edge.close()
    }
  }, [config.wsUrl])

  useEffect(() => {
    if (!socket || accountIndex === undefined) return
    let cancelled = false
    let wallet: DevWallet | undefined
    setDevWallet(undefined)
    createDevWallet({ socket, chainId: config.chainId, index: accountIndex }).then((created) => {
      wallet = created
      if (cancelled) created.close()
      else setDevWallet(created)
    })
    return () => {
      cancelled = true
      wallet?.close()
    }
  }, [socket, accountIndex, config.chainId])

  useEffect(() => {
    let cancelled = false
    const load = async () => {
      for (let attempt = 0; !cancelled; attempt++) {
        try {
          const response = await fetch('/api/contracts', { cache: 'no-store' })
          const body = (await response.json()) as AddressBook & { error?: string }
          if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`)
          if (!cancelled) setContracts(body)
          setContractsError(undefined)
          return
        } catch (error) {
          if (!cancelled) setContractsError(messageOf(error))
          await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 500 * 2 ** attempt)))
        }
      }
    }
    void load()
    return () => {
      cancelled = true
    }
  }, [])

  const signer = useMemo<Signer | undefined>(() => {
    if (socket && injectedAccount.status === 'connected' && injectedAccount.address)
      return timings.wrap(createInjectedSigner({ wagmiConfig, socket, address: injectedAccount.address }))
    return devWallet && timings.wrap(devWallet)
  }, [socket, injectedAccount.status, injectedAccount.address, devWallet, wagmiConfig, timings])

  const value = useMemo<Playground | undefined>(() => {
    if (!socket || accountIndex === undefined) return undefined
    return {
      config,
      socket,
      online,
      accountIndex,
      setAccountIndex: (index) => {
        window.sessionStorage.setItem('rtevm.account', String(index))
        setIndex(index)
      },
      devWallet,
      signer,
      contracts,
      contractsError,
      timings,
      wagmiConfig,
    }
  }, [
    config,
    socket,
    online,
    accountIndex,
    devWallet,
    signer,
    contracts,
    contractsError,
    timings,
    wagmiConfig,
  ])

  if (!value) return <p className="muted">Connecting to the edge…</p>
  return <PlaygroundContext.Provider value={value}>{children}</PlaygroundContext.Provider>
}
