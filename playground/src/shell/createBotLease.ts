import type { RealtimeSocket } from '@rtevm/client'
import { type Address, type Hex, hexToNumber } from 'viem'

/**
 * running: this tab runs the bot. elsewhere: another tab or browser does (its account is busy).
 * waiting: checking that nobody does. stopped: the visitor stopped it (in this browser), or
 * the page was opened with `?bots=off`.
 */
export type BotStatus = 'waiting' | 'running' | 'elsewhere' | 'stopped'

export type BotLease = {
  status(): BotStatus
  /** Stops the bot in every tab of this browser until `start()`. */
  stop(): void
  /** Clears a stop and runs the bot here now. */
  start(): void
  /** Called by the running bot when its account was used by someone else: it yields. */
  conflict(): void
  close(): void
}

const LEASE_MS = 3_000
const TICK_MS = 1_000

/**
 * One bot per job, not one per tab: a page runs the bot only while (1) the visitor has not
 * stopped it (a localStorage flag, so every tab of the browser obeys), (2) no other tab of this
 * browser holds the lease (localStorage, renewed every second, lapses after 3 s), and (3) the
 * bot's account has been quiet on chain since the last check: its pending nonce did not move, so
 * no other browser runs it. A bot whose sends hit nonce conflicts calls `conflict()` and yields.
 * `run()` starts the bot and returns the function that stops it.
 */
export function createBotLease({
  name,
  socket,
  account,
  run,
  onStatus,
}: {
  name: string
  socket: RealtimeSocket
  account: Address
  run: () => () => void
  onStatus: (status: BotStatus) => void
}): BotLease {
  const me = Math.random().toString(36).slice(2)
  const leaseKey = `rtevm.bot.${name}.lease`
  const stopKey = `rtevm.bot.${name}.stopped`
  const disabled = new URLSearchParams(window.location.search).get('bots') === 'off'
  let status: BotStatus = disabled ? 'stopped' : 'waiting'
  let stopBot: (() => void) | undefined
  let lastNonce: number | undefined
  let closed = false
  // After a conflict, wait a few quiet checks before trying again.
  let holdOff = 0

  const set = (next: BotStatus) => {
    if (next === status) return
    status = next
    onStatus(next)
  }
  const readLease = (): { owner: string; until: number } | undefined => {
    try {
      return JSON.parse(window.localStorage.getItem(leaseKey) ?? 'null') ?? undefined
    } catch {
      return undefined
    }
  }
  const writeLease = () =>
    window.localStorage.setItem(leaseKey, JSON.stringify({ owner: me, until: Date.now() + LEASE_MS }))
  const halt = () => {
    stopBot?.()
    stopBot = undefined
    if (readLease()?.owner === me) window.localStorage.removeItem(leaseKey)
  }
  const begin = () => {
    writeLease()
    stopBot = run()
    set('running')
  }

  async function tick(): Promise<void> {
    if (closed) return
    if (window.localStorage.getItem(stopKey) === '1') {
      halt()
      set('stopped')
      return
    }
    if (stopBot) {
      writeLease()
      return
    }
    if (disabled) return
    const lease = readLease()
    if (lease && lease.owner !== me && lease.until > Date.now()) {
      lastNonce = undefined
      set('elsewhere')
      return
    }
    const nonce = hexToNumber(await socket.request<Hex>('eth_getTransactionCount', [account, 'pending']))
    if (closed || stopBot) return
    const quiet = lastNonce === nonce
    lastNonce = nonce
    if (!quiet) {
      // First look, or the account is busy: someone else runs it (or ran it a moment ago).
      set(status === 'running' || status === 'elsewhere' ? 'elsewhere' : 'waiting')
      return
    }
    if (holdOff > 0) {
      holdOff--
      return
    }
    begin()
  }

  onStatus(status)
  const timer = setInterval(() => void tick().catch(() => {}), TICK_MS)
  void tick().catch(() => {})
  return {
    status: () => status,
    stop() {
      window.localStorage.setItem(stopKey, '1')
      halt()
      set('stopped')
    },
    start() {
      window.localStorage.removeItem(stopKey)
      if (!stopBot) begin()
    },
    conflict() {
      if (!stopBot) return
      halt()
      lastNonce = undefined
      holdOff = 3
      set('elsewhere')
    },
    close() {
      closed = true
      clearInterval(timer)
      halt()
    },
  }
}
