'use client'

import { formatUnits } from 'viem'
import { formatTick } from '../contracts/index.ts'
import type { Level } from './foldBookEvents.ts'
import type { OpenOrder, Trade } from './useOrderBook.ts'

/** Asks above (best at the bottom), the spread, bids below (best at the top); bars scale with size. */
export function DepthLadder({ bids, asks }: { bids: Level[]; asks: Level[] }) {
  let largest = 1n
  for (const level of [...bids, ...asks]) if (level.size > largest) largest = level.size
  const bar = (size: bigint) => `${Number((size * 100n) / largest)}%`
  const row = (level: Level, side: 'bid' | 'ask') => (
    <tr key={`${side}${level.tick}`} className={side} data-testid={`${side}-level`}>
      <td className="price">{formatTick(level.tick)}</td>
      <td>{level.size.toString()}</td>
      <td>{level.orders}</td>
      <td className="bar">
        <span style={{ width: bar(level.size) }} />
      </td>
    </tr>
  )
  const spread = bids[0] && asks[0] ? formatTick(Math.max(1, asks[0].tick - bids[0].tick)) : '—'
  return (
    <table className="book">
      <thead>
        <tr>
          <th>Price</th>
          <th>Lots</th>
          <th>Orders</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {[...asks].reverse().map((level) => row(level, 'ask'))}
        <tr>
          <td colSpan={4} className="spread">
            spread {spread}
          </td>
        </tr>
        {bids.map((level) => row(level, 'bid'))}
      </tbody>
    </table>
  )
}

export function TradeTape({ trades }: { trades: Trade[] }) {
  return (
    <div className="tape">
      <table>
        <thead>
          <tr>
            <th>Time</th>
            <th>Price</th>
            <th>Lots</th>
          </tr>
        </thead>
        <tbody>
          {trades.map((trade) => (
            <tr key={trade.key} className={trade.takerIsBuy ? 'buy' : 'sell'} data-testid="trade">
              <td>{new Date(trade.at).toLocaleTimeString()}</td>
              <td>{formatTick(trade.tick)}</td>
              <td>{trade.size.toString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {trades.length === 0 && <p className="muted">No trades yet.</p>}
    </div>
  )
}

export function OpenOrders({
  orders,
  onCancel,
  busy,
}: {
  orders: OpenOrder[]
  onCancel: (id: bigint) => void
  busy: boolean
}) {
  if (orders.length === 0) return <p className="muted">No open orders.</p>
  return (
    <table>
      <thead>
        <tr>
          <th>Id</th>
          <th>Side</th>
          <th>Price</th>
          <th>Left / lots</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {orders.map((order) => (
          <tr key={order.id.toString()} data-testid="open-order">
            <td>{order.id.toString()}</td>
            <td className={order.isBuy ? 'ok' : 'error'}>{order.isBuy ? 'buy' : 'sell'}</td>
            <td>{formatTick(order.tick)}</td>
            <td>
              {order.remaining.toString()} / {order.size.toString()}
            </td>
            <td>
              <button
                type="button"
                disabled={busy}
                onClick={() => onCancel(order.id)}
                data-testid="cancel-order"
              >
                Cancel
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function Balances({ balances }: { balances?: { base: bigint; quote: bigint } }) {
  const show = (value: bigint | undefined) =>
    value === undefined ? '…' : Number(formatUnits(value, 18)).toFixed(3)
  return (
    <div className="stats">
      <div>
        <span className="muted">PGB</span>
        <b data-testid="balance-base">{show(balances?.base)}</b>
      </div>
      <div>
        <span className="muted">PGUSD</span>
        <b data-testid="balance-quote">{show(balances?.quote)}</b>
      </div>
    </div>
  )
}
