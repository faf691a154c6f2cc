'use client'

import type { RealtimeSocket } from '@rtevm/client'
import { useEffect, useRef, useState } from 'react'
import { type Address, encodeEventTopics, type Hex, isAddressEqual, pad } from 'viem'
import { orderBookAbi, testTokenAbi as tokenAbi } from '../contracts/index.ts'
import { callContract } from '../rpc/callContract.ts'
import { type DecodedLog, decodeLog, type RpcLog, subscribeLogs } from '../rpc/subscribeLogs.ts'
import type { AddressBook } from '../shell/PlaygroundProvider.tsx'
import { foldBookEvents, type Level, type TrackedOrder } from './foldBookEvents.ts'

export type Trade = { key: string; tick: number; size: bigint; takerIsBuy: boolean; at: number; tx: Hex }
export type OpenOrder = { id: bigint; isBuy: boolean; tick: number; size: bigint; remaining: bigint }
export type BookState = {
  bids: Level[]
  asks: Level[]
  trades: Trade[]
  myOrders: OpenOrder[]
  balances?: { base: bigint; quote: bigint }
  /** `performance.now()` when this state was committed (for click → on-screen latency). */
  updatedAt: number
  /** Transactions whose effect on depth and balances is in this state (the newest MAX_SHOWN). */
  shown: ReadonlySet<Hex>
}

const DEPTH_LEVELS = 20n
const MAX_TRADES = 100
const MAX_RESTORED_ORDERS = 200
const MAX_SHOWN = 256
const RECONCILE_AFTER_MS = 50

function remember(shown: ReadonlySet<Hex>, covered: Hex[]): ReadonlySet<Hex> {
  if (covered.length === 0) return shown
  const next = [...shown, ...covered]
  return new Set(next.slice(-MAX_SHOWN))
}

/**
 * The live order book of one account: depth and balances are re-read from the edge's
 * replica (one `eth_call` each, sub-millisecond locally) whenever a mini-block carries
 * book events; trades and the account's open orders follow the events themselves.
 * Re-reads coalesce: one in flight, at most one queued.
 */
export function useOrderBook(
  socket: RealtimeSocket,
  contracts: AddressBook | undefined,
  account: Address | undefined,
) {
  const [state, setState] = useState<BookState>({
    bids: [],
    asks: [],
    trades: [],
    myOrders: [],
    updatedAt: 0,
    shown: new Set(),
  })
  const myOrders = useRef(new Map<bigint, OpenOrder>())

  useEffect(() => {
    if (!contracts || !account) return
    let stopped = false
    let running = false
    let again = false
    myOrders.current = new Map()
    const tracked = new Map<bigint, TrackedOrder>()
    // Transactions whose events arrived since the last re-read started.
    const arrived: Hex[] = []

    const refresh = async () => {
      if (running) {
        again = true
        return
      }
      running = true
      try {
        do {
          again = false
          const covered = arrived.splice(0)
          const [[bids, asks], base, quote] = await Promise.all([
            callContract(socket, {
              address: contracts.orderBook,
              abi: orderBookAbi,
              functionName: 'depth',
              args: [DEPTH_LEVELS],
            }),
            callContract(socket, {
              address: contracts.baseToken,
              abi: tokenAbi,
              functionName: 'balanceOf',
              args: [account],
            }),
            callContract(socket, {
              address: contracts.quoteToken,
              abi: tokenAbi,
              functionName: 'balanceOf',
              args: [account],
            }),
          ])
          if (stopped) return
          const toLevel = (l: { tick: number; size: bigint; orders: number }) => ({
            tick: l.tick,
            size: l.size,
            orders: l.orders,
          })
          setState((s) => ({
            ...s,
            bids: bids.map(toLevel),
            asks: asks.map(toLevel),
            balances: { base, quote },
            myOrders: [...myOrders.current.values()].sort((a, b) => Number(b.id - a.id)),
            updatedAt: performance.now(),
            shown: remember(s.shown, covered),
          }))
        } while (again && !stopped)
      } catch {
        // The socket reconnects; the next event refreshes again.
      } finally {
        running = false
      }
    }

    // The ladder is already right from the events: reconcile once the burst settles, so the
    // re-reads (depth() is the costliest call the page makes) do not queue ahead of the next send.
    let timer: ReturnType<typeof setTimeout> | undefined
    const scheduleRefresh = () => {
      clearTimeout(timer)
      timer = setTimeout(() => void refresh(), RECONCILE_AFTER_MS)
    }

    const onLogs = (logs: DecodedLog[]) => {
      const trades: Trade[] = []
      for (const { eventName, args, log } of logs) {
        applyEvent(eventName, args, log, account, myOrders.current, trades)
        arrived.push(log.transactionHash)
      }
      if (arrived.length > MAX_SHOWN) arrived.splice(0, arrived.length - MAX_SHOWN)
      // The ladder moves now, from the events; the re-read below reconciles it (and the balances).
      const hashes = logs.map((l) => l.log.transactionHash)
      setState((s) => ({
        ...s,
        ...foldBookEvents(s, logs, tracked, Number(DEPTH_LEVELS)),
        trades: trades.length > 0 ? [...trades.reverse(), ...s.trades].slice(0, MAX_TRADES) : s.trades,
        myOrders: [...myOrders.current.values()].sort((a, b) => Number(b.id - a.id)),
        updatedAt: performance.now(),
        shown: remember(s.shown, hashes),
      }))
      scheduleRefresh()
    }
    const unsubscribe = subscribeLogs(socket, { address: contracts.orderBook, abi: orderBookAbi }, onLogs)
    void restoreOpenOrders(socket, contracts.orderBook, account, myOrders.current).then(refresh)
    return () => {
      stopped = true
      clearTimeout(timer)
      unsubscribe()
    }
  }, [socket, contracts, account])

  return state
}

function applyEvent(
  eventName: string,
  args: Record<string, unknown>,
  log: RpcLog,
  account: Address,
  mine: Map<bigint, OpenOrder>,
  trades: Trade[],
): void {
  if (eventName === 'OrderPlaced') {
    if (!isAddressEqual(args.owner as Address, account) || args.isMarket) return
    const size = args.size as bigint
    const id = args.orderId as bigint
    mine.set(id, { id, isBuy: args.isBuy as boolean, tick: Number(args.tick), size, remaining: size })
  } else if (eventName === 'Fill') {
    const size = args.size as bigint
    trades.push({
      key: `${log.transactionHash}:${log.logIndex ?? trades.length}`,
      tick: Number(args.tick),
      size,
      takerIsBuy: args.takerIsBuy as boolean,
      at: Date.now(),
      tx: log.transactionHash,
    })
    const maker = mine.get(args.makerOrderId as bigint)
    if (maker) {
      maker.remaining = args.makerRemaining as bigint
      if (maker.remaining === 0n) mine.delete(maker.id)
    }
    // The taker's own limit order fills before it rests: what is left is what rests.
    const taker = mine.get(args.takerOrderId as bigint)
    if (taker) {
      taker.remaining -= size
      if (taker.remaining <= 0n) mine.delete(taker.id)
    }
  } else if (eventName === 'OrderCancelled') {
    mine.delete(args.orderId as bigint)
  }
}

/** The account's orders still open from before this page loaded (its last OrderPlaced events, then getOrder). */
async function restoreOpenOrders(
  socket: RealtimeSocket,
  orderBook: Address,
  account: Address,
  mine: Map<bigint, OpenOrder>,
): Promise<void> {
  try {
    const [placed] = encodeEventTopics({ abi: orderBookAbi, eventName: 'OrderPlaced' })
    const logs = await socket.request<RpcLog[]>('eth_getLogs', [
      { address: orderBook, fromBlock: '0x0', toBlock: 'latest', topics: [placed, null, pad(account)] },
    ])
    const recent = logs.slice(-MAX_RESTORED_ORDERS)
    await Promise.all(
      recent.map(async (log) => {
        const event = decodeLog(orderBookAbi, log)
        if (!event || event.args.isMarket) return
        const id = event.args.orderId as bigint
        const order = await callContract(socket, {
          address: orderBook,
          abi: orderBookAbi,
          functionName: 'getOrder',
          args: [id],
        })
        // Status 1 = Open (OrderBook.Status).
        if (order.status !== 1 || mine.has(id)) return
        mine.set(id, {
          id,
          isBuy: order.isBuy,
          tick: order.tick,
          size: order.size,
          remaining: order.remaining,
        })
      }),
    )
  } catch {
    // A page without its old orders still trades; the live feed fills in from here.
  }
}
