'use client'

import { useEffect, useRef, useState } from 'react'
import { messageOf } from '../errors.ts'
import { type BotLease, type BotStatus, createBotLease } from '../shell/createBotLease.ts'
import { usePlayground } from '../shell/PlaygroundProvider.tsx'
import { BOT_ACCOUNT_INDEX } from '../wallet/accountRoles.ts'
import { createDevWallet, devAccount } from '../wallet/createDevWallet.ts'
import { createMarketMaker, type MarketMaker, type MarketMakerStats } from './createMarketMaker.ts'
import { createOrderActions } from './createOrderActions.ts'

/** Above this, the bot stops itself: the account is being used by another tab or browser. */
const MAX_NONCE_ERRORS = 3
const MAX_RATE = 50

export const BOT_STATUS_TEXT: Record<BotStatus, string> = {
  waiting: 'starting…',
  running: 'quoting from this tab',
  elsewhere: 'running in another tab',
  stopped: 'stopped',
}

/**
 * The market-maker bot, quoting from its own dev account while the page is open: on by default
 * (one bot per book across tabs and browsers, see createBotLease), stopped with the button for
 * every tab of this browser, and stopped when the page unmounts.
 */
export function MarketMakerPanel({ defaultMid }: { defaultMid: number }) {
  const { socket, config, contracts } = usePlayground()
  const [mid, setMid] = useState(String(defaultMid))
  const [rate, setRate] = useState('10')
  const [stats, setStats] = useState<MarketMakerStats>()
  const [error, setError] = useState<string>()
  const [status, setStatus] = useState<BotStatus>('waiting')
  const lease = useRef<BotLease>(undefined)
  // The lease's run() reads the inputs when it starts the bot.
  const settings = useRef({ mid, rate })
  settings.current = { mid, rate }
  const maker = useRef<MarketMaker>(undefined)

  useEffect(() => {
    if (!contracts) return
    const created = createBotLease({
      name: `orderbook.${contracts.orderBook}`,
      socket,
      account: devAccount(BOT_ACCOUNT_INDEX).address,
      onStatus: setStatus,
      run: () => {
        let stopped = false
        let cleanup: (() => void) | undefined
        setError(undefined)
        const midTick = Math.round(Number(settings.current.mid) * 100)
        const perSecond = Number(settings.current.rate)
        if (!Number.isInteger(midTick) || midTick < 20 || midTick > 65_000) {
          setError('mid price must be 0.20..650')
          return () => {}
        }
        if (!(perSecond > 0 && perSecond <= MAX_RATE)) {
          setError(`rate must be 1..${MAX_RATE} quotes/s`)
          return () => {}
        }
        let nonceErrors = 0
        createDevWallet({ socket, chainId: config.chainId, index: BOT_ACCOUNT_INDEX })
          .then((wallet) => {
            if (stopped) return wallet.close()
            const started = createMarketMaker(createOrderActions({ socket, signer: wallet, contracts }), {
              midTick,
              halfSpread: 5,
              levels: 8,
              size: 10n,
              rate: perSecond,
              onError: (cause) => {
                if (/nonce/i.test(messageOf(cause)) && ++nonceErrors >= MAX_NONCE_ERRORS)
                  lease.current?.conflict()
              },
            })
            maker.current = started
            cleanup = () => {
              started.stop()
              wallet.close()
            }
          })
          .catch((cause) => setError(messageOf(cause)))
        return () => {
          stopped = true
          cleanup?.()
        }
      },
    })
    lease.current = created
    const timer = setInterval(() => maker.current && setStats(maker.current.stats()), 250)
    return () => {
      clearInterval(timer)
      created.close()
      lease.current = undefined
    }
  }, [socket, config.chainId, contracts])

  const running = status === 'running'
  return (
    <div className="panel">
      <h2>Market-maker bot (dev account #{BOT_ACCOUNT_INDEX})</h2>
      <div className="row">
        <label>
          Mid{' '}
          <input
            value={mid}
            onChange={(e) => setMid(e.target.value)}
            disabled={running}
            data-testid="bot-mid"
          />
        </label>
        <label>
          Quotes/s{' '}
          <input
            value={rate}
            onChange={(e) => setRate(e.target.value)}
            disabled={running}
            data-testid="bot-rate"
          />
        </label>
        {status === 'stopped' ? (
          <button type="button" onClick={() => lease.current?.start()} data-testid="bot-start">
            Start
          </button>
        ) : (
          <button type="button" onClick={() => lease.current?.stop()} data-testid="bot-stop">
            Stop
          </button>
        )}
        <span className="muted" data-testid="bot-status" data-status={status}>
          {BOT_STATUS_TEXT[status]}
        </span>
      </div>
      {stats && (
        <p className="muted" data-testid="bot-stats">
          {stats.quotes} quotes, {stats.cancels} cancels, {stats.open} open, {stats.errors} errors
          {stats.lastError ? ` (last: ${stats.lastError})` : ''}
        </p>
      )}
      {error && <p className="error">{error}</p>}
    </div>
  )
}
