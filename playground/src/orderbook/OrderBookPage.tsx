'use client'

import { useEffect, useMemo, useRef, useState } from 'react'
import type { Hex } from 'viem'
import { parsePrice } from '../contracts/index.ts'
import { messageOf } from '../errors.ts'
import { usePlayground } from '../shell/PlaygroundProvider.tsx'
import type { SendHooks, SentTx } from '../wallet/Signer.ts'
import { Balances, DepthLadder, OpenOrders, TradeTape } from './BookViews.tsx'
import { createOrderActions } from './createOrderActions.ts'
import { MarketMakerPanel } from './MarketMakerPanel.tsx'
import { useOrderBook } from './useOrderBook.ts'

type LastAction = { what: string; clickedAt: number; hash?: Hex; receiptMs?: number; onScreenMs?: number }

export function OrderBookPage() {
  const { socket, signer, contracts, contractsError, timings } = usePlayground()
  const book = useOrderBook(socket, contracts, signer?.address)
  const actions = useMemo(
    () => (signer && contracts ? createOrderActions({ socket, signer, contracts }) : undefined),
    [socket, signer, contracts],
  )
  const [price, setPrice] = useState('25.00')
  const [size, setSize] = useState('10')
  const [busy, setBusy] = useState(0)
  const [error, setError] = useState<string>()
  const [last, setLast] = useState<LastAction>()
  const waiting = useRef<LastAction>(undefined)

  // The readout's "on screen": the first frame after the commit of a book state with the visitor's last tx.
  useEffect(() => timings.addView(), [timings])
  useEffect(() => {
    const hash = timings.latest()?.hash
    if (!hash || !book.shown.has(hash)) return
    const frame = requestAnimationFrame((now) => timings.shown(hash, now))
    return () => cancelAnimationFrame(frame)
  }, [book.shown, timings])

  // Click → on screen: the first frame after a book state that includes the transaction's events.
  useEffect(() => {
    const pending = waiting.current
    if (!pending?.hash || !book.shown.has(pending.hash)) return
    waiting.current = undefined
    requestAnimationFrame((now) =>
      setLast((last) => ({
        ...(last && last.hash === pending.hash ? last : pending),
        onScreenMs: now - pending.clickedAt,
      })),
    )
  }, [book.shown])

  async function run(what: string, action: (hooks: SendHooks) => Promise<SentTx>) {
    setError(undefined)
    setBusy((n) => n + 1)
    const clickedAt = performance.now()
    try {
      const sent = await action({
        onSigned: (hash) => {
          waiting.current = { what, clickedAt, hash }
        },
      })
      const receiptMs = sent.receivedAt - clickedAt
      setLast((last) =>
        last?.hash === sent.hash ? { ...last, receiptMs } : { what, clickedAt, hash: sent.hash, receiptMs },
      )
    } catch (cause) {
      setError(`${what}: ${messageOf(cause)}`)
    } finally {
      setBusy((n) => n - 1)
    }
  }

  const limit = (isBuy: boolean) =>
    run(isBuy ? 'limit buy' : 'limit sell', (hooks) =>
      actions!.placeLimit(isBuy, parsePrice(price), lots(size), undefined, hooks),
    )
  const market = (isBuy: boolean) =>
    run(isBuy ? 'market buy' : 'market sell', (hooks) =>
      actions!.placeMarket(isBuy, lots(size), undefined, hooks),
    )

  if (!contracts)
    return (
      <p className="muted">{contractsError ? `Contracts: ${contractsError}` : 'Loading the contracts…'}</p>
    )
  return (
    <div className="grid">
      <div className="panel">
        <h2>Depth</h2>
        <DepthLadder bids={book.bids} asks={book.asks} />
      </div>
      <div className="panel">
        <h2>Order</h2>
        <div className="row">
          <label>
            Price <input value={price} onChange={(e) => setPrice(e.target.value)} data-testid="order-price" />
          </label>
          <label>
            Lots <input value={size} onChange={(e) => setSize(e.target.value)} data-testid="order-size" />
          </label>
        </div>
        <div className="row">
          <button
            type="button"
            className="buy"
            disabled={!actions}
            onClick={() => limit(true)}
            data-testid="limit-buy"
          >
            Limit buy
          </button>
          <button
            type="button"
            className="sell"
            disabled={!actions}
            onClick={() => limit(false)}
            data-testid="limit-sell"
          >
            Limit sell
          </button>
          <button
            type="button"
            className="buy"
            disabled={!actions}
            onClick={() => market(true)}
            data-testid="market-buy"
          >
            Market buy
          </button>
          <button
            type="button"
            className="sell"
            disabled={!actions}
            onClick={() => market(false)}
            data-testid="market-sell"
          >
            Market sell
          </button>
        </div>
        {busy > 0 && <p className="muted">sending…</p>}
        {error && (
          <p className="error" data-testid="order-error">
            {error}
          </p>
        )}
        {last && (
          <p className="muted" data-testid="last-action">
            {last.what}:{last.receiptMs !== undefined && ` receipt in ${last.receiptMs.toFixed(1)} ms`}
            {last.onScreenMs !== undefined && `, on screen in ${last.onScreenMs.toFixed(1)} ms`}
          </p>
        )}
        <h2>Balances</h2>
        <Balances balances={book.balances} />
        <h2>Your open orders</h2>
        <OpenOrders
          orders={book.myOrders}
          busy={!actions}
          onCancel={(id) => run(`cancel #${id}`, (hooks) => actions!.cancel(id, undefined, hooks))}
        />
      </div>
      <div className="panel">
        <h2>Trades</h2>
        <TradeTape trades={book.trades} />
      </div>
      <MarketMakerPanel defaultMid={25} />
    </div>
  )
}

function lots(text: string): bigint {
  if (!/^\d+$/.test(text.trim())) throw new Error(`lots must be a whole number, not ${JSON.stringify(text)}`)
  return BigInt(text.trim())
}
