'use client'

import { useEffect, useState } from 'react'
import { formatEth, formatInteger } from '../../format/formatters.ts'
import { useExplorer } from '../../live/ExplorerProvider.tsx'
import { callEdge } from '../../rpc/callEdge.ts'
import { DetailList } from '../common/DetailList.tsx'
import { Skeleton } from '../common/Skeleton.tsx'

type OnChain = { balance: bigint; nonce: bigint; code: string }

const POLL_MS = 1_000

/** Balance, nonce and code at the newest mini-block, read from the edge's replica and refreshed every second. */
export function AccountOnChain({ address }: { address: string }) {
  const { config } = useExplorer()
  const [state, setState] = useState<OnChain | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async () => {
      try {
        const [balance, nonce, code] = await callEdge(config.rpcUrl, [
          { method: 'eth_getBalance', params: [address, 'latest'] },
          { method: 'eth_getTransactionCount', params: [address, 'latest'] },
          { method: 'eth_getCode', params: [address, 'latest'] },
        ])
        if (stopped) return
        setState({ balance: BigInt(balance as string), nonce: BigInt(nonce as string), code: code as string })
        setError(null)
      } catch (cause) {
        if (!stopped) setError(cause instanceof Error ? cause.message : String(cause))
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS)
    }
    void poll()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [address, config.rpcUrl])

  return (
    <section className="panel" data-testid="account-onchain">
      <header className="panel-head">
        <h2>State now (edge)</h2>
      </header>
      {error ? (
        <p className="notice notice-error">
          {error}: start the devnet with <code>pnpm start</code> or set <code>RTEVM_RPC_URL</code>.
        </p>
      ) : null}
      {state === null ? (
        error ? null : (
          <Skeleton lines={3} />
        )
      ) : (
        <DetailList
          details={[
            { label: 'Balance', value: formatEth(state.balance, 18), testId: 'edge-balance' },
            { label: 'Nonce', value: formatInteger(state.nonce), testId: 'edge-nonce' },
            {
              label: 'Code',
              testId: 'edge-code',
              value:
                state.code === '0x' ? (
                  'none (externally owned account)'
                ) : (
                  <details>
                    <summary>{formatInteger((state.code.length - 2) / 2)} bytes</summary>
                    <pre className="code">{state.code}</pre>
                  </details>
                ),
            },
          ]}
        />
      )}
    </section>
  )
}
