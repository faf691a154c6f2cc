'use client'

import { useEffect, useRef, useState } from 'react'
import { messageOf } from '../errors.ts'
import { usePlayground } from '../shell/PlaygroundProvider.tsx'
import { BOT_ACCOUNT_INDEX } from '../wallet/accountRoles.ts'
import { createDevWallet, type DevWallet } from '../wallet/createDevWallet.ts'
import { createMarketMaker, type MarketMaker, type MarketMakerStats } from './createMarketMaker.ts'
import { createOrderActions } from './createOrderActions.ts'

/** Start/stop a market maker quoting from its own dev account, in this page. */
export function MarketMakerPanel({ defaultMid }: { defaultMid: number }) {
  const { socket, config, contracts } = usePlayground()
  const [mid, setMid] = useState(String(defaultMid))
  const [rate, setRate] = useState('20')
  const [stats, setStats] = useState<MarketMakerStats>()
  const [error, setError] = useState<string>()
  const [running, setRunning] = useState(false)
  const bot = useRef<{ maker: MarketMaker; wallet: DevWallet }>(undefined)

  // Leaving the page stops the bot.
  useEffect(
    () => () => {
      bot.current?.maker.stop()
      bot.current?.wallet.close()
    },
    [],
  )
  useEffect(() => {
    if (!running) return
    const timer = setInterval(() => setStats(bot.current?.maker.stats()), 250)
    return () => clearInterval(timer)
  }, [running])

  function stopBot() {
    bot.current?.maker.stop()
    bot.current?.wallet.close()
    bot.current = undefined
    setRunning(false)
  }

  async function start() {
    setError(undefined)
    try {
      if (!contracts) throw new Error('the playground contracts are not deployed yet')
      const midTick = Number(mid) * 100
      const perSecond = Number(rate)
      if (!Number.isInteger(midTick) || midTick < 20 || midTick > 65_000)
        throw new Error('mid price must be 0.20..650')
      if (!(perSecond > 0 && perSecond <= 500)) throw new Error('rate must be 1..500 quotes/s')
      const wallet = await createDevWallet({ socket, chainId: config.chainId, index: BOT_ACCOUNT_INDEX })
      const actions = createOrderActions({ socket, signer: wallet, contracts })
      const maker = createMarketMaker(actions, {
        midTick,
        halfSpread: 5,
        levels: 8,
        size: 10n,
        rate: perSecond,
      })
      bot.current = { maker, wallet }
      setRunning(true)
    } catch (cause) {
      setError(messageOf(cause))
    }
  }

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
        {running ? (
          <button type="button" onClick={stopBot} data-testid="bot-stop">
            Stop
          </button>
        ) : (
          <button type="button" onClick={start} data-testid="bot-start">
            Start
          </button>
        )}
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
