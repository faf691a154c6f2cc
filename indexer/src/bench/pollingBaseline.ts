import { erc20Workload, percentile } from '@rtevm/node/bench'
import { connectWs, startAnvil } from '@rtevm/rpc-edge/bench'
import { createSenders } from '@rtevm/testkit'
import { bytesToHex } from 'viem'
import WebSocket from 'ws'

/** How often the baseline polls, as Ponder's realtime sync does by default. */
const POLL_MS = 1000
/** After the last send: a few more polls, for anvil's backlog and the last logs to be seen. */
const DRAIN_MS = 3 * POLL_MS + 500

/** What the polling baseline measured: lag percentiles, the rate anvil mined at, the logs seen. */
export type PollingBaseline = { p50: number; p99: number; minedPerSecond: number; logsSeen: number }

type Log = { blockNumber: `0x${string}` }
type Notification = { method?: string; params?: { result?: { number?: `0x${string}` } } }

/**
 * The baseline column: a polling indexer against anvil, the way Ponder
 * follows a chain — every second it asks for the head and reads the new
 * blocks' logs with `eth_getLogs`. ERC-20 transfers are sent to anvil
 * (automine, a block per transaction) at `rate` per second for `seconds`. A
 * transfer's lag runs from its block's `newHeads` notification on a
 * connection of its own (anvil's seal, as near as a client sees it) to the
 * poll that returns its log. Nothing is written to a database, so this is a
 * lower bound for such an indexer's lag to its GraphQL clients.
 */
export async function measurePollingBaseline(rate: number, seconds: number): Promise<PollingBaseline> {
  const senders = createSenders(128, 10n ** 24n, 3)
  const { setup, raws } = await erc20Workload.prepare(senders, rate * seconds)
  const anvil = await startAnvil()
  // Sender, poller and head watcher on separate connections: in Ponder's case the poller is another
  // process, and neither the poll nor the seal time waits behind the sends.
  const client = await connectWs(anvil.wsUrl)
  const poller = await connectWs(anvil.wsUrl)
  const heads = await watchHeads(anvil.wsUrl)
  try {
    for (const { address } of senders.signers) {
      await client.call('anvil_setBalance', [address, `0x${(10n ** 24n).toString(16)}`])
    }
    for (const raw of setup) await client.call('eth_sendRawTransaction', [bytesToHex(raw)])
    const first = BigInt(await poller.call<string>('eth_blockNumber', [])) + 1n
    let next = first
    const lags: number[] = []
    let polling = false
    const poll = async () => {
      if (polling) return
      polling = true
      try {
        const head = BigInt(await poller.call<string>('eth_blockNumber', []))
        if (head < next) return
        const logs = await poller.call<Log[]>('eth_getLogs', [
          { fromBlock: `0x${next.toString(16)}`, toBlock: `0x${head.toString(16)}` },
        ])
        const now = performance.now()
        for (const log of logs) {
          const sealed = heads.sealedAt.get(BigInt(log.blockNumber))
          if (sealed !== undefined) lags.push(now - sealed)
        }
        next = head + 1n
      } finally {
        polling = false
      }
    }
    // A poll cut short by the close at the end has nothing left to measure.
    const timer = setInterval(() => poll().catch(() => {}), POLL_MS)
    const started = performance.now()
    await new Promise<void>((resolve) => {
      let sent = 0
      const tick = () => {
        const due = Math.min(raws.length, Math.floor(((performance.now() - started) / 1000) * rate))
        for (; sent < due; sent++)
          client.call('eth_sendRawTransaction', [bytesToHex(raws[sent])]).catch(() => {})
        if (sent < raws.length) setTimeout(tick, 0)
        else resolve()
      }
      tick()
    })
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS))
    clearInterval(timer)
    const mined = [...heads.sealedAt.keys()].filter((n) => n >= first)
    const span = mined.length > 1 ? heads.lastAt - (heads.sealedAt.get(first) ?? started) : 0
    lags.sort((a, b) => a - b)
    return {
      p50: percentile(lags, 50),
      p99: percentile(lags, 99),
      minedPerSecond: span > 0 ? (mined.length / span) * 1000 : 0,
      logsSeen: lags.length,
    }
  } finally {
    heads.close()
    await poller.close()
    await client.close()
    anvil.close()
  }
}

/** A `newHeads` subscription recording when each block was announced (performance.now() ms). */
async function watchHeads(url: string) {
  const socket = new WebSocket(url, { perMessageDeflate: false })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  const watcher = { sealedAt: new Map<bigint, number>(), lastAt: 0, close: () => socket.close() }
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Notification
    const number = message.params?.result?.number
    if (message.method !== 'eth_subscription' || !number) return
    watcher.lastAt = performance.now()
    watcher.sealedAt.set(BigInt(number), watcher.lastAt)
  })
  socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads'] }))
  return watcher
}
