import { createClient } from 'graphql-ws'
import WebSocket from 'ws'

const QUERY = 'subscription { miniBlocks { number timestampUs transactionCount } }'

/** Wall-clock µs, with performance.now()'s resolution. */
const nowUs = () => (performance.timeOrigin + performance.now()) * 1000

/**
 * A graphql-ws subscriber to `miniBlocks` recording, per delivered mini-block,
 * the lag from its seal (`timestampUs`, the sequencer's wall clock: same
 * machine) to its arrival here. `mark()` starts a new window of samples.
 */
export type LagProbe = {
  mark(): void
  /** Lags (ms) since the last mark, sorted, and the transactions they carried. */
  take(): { lagsMs: number[]; transactions: number; miniBlocks: number }
  /** Lags (ms, sorted) since the last mark of the mini-blocks sealed in [fromMs, toMs) (wall clock). */
  between(fromMs: number, toMs: number): number[]
  close(): Promise<void>
}

export async function startLagProbe(wsUrl: string): Promise<LagProbe> {
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 })
  let lags: number[] = []
  // Seal time (wall-clock ms) of each lag, index for index.
  let sealedMs: number[] = []
  let transactions = 0
  let lastNumber = 0n
  let gaps = 0
  let subscribed: () => void
  const started = new Promise<void>((resolve) => {
    subscribed = resolve
  })
  const unsubscribe = client.subscribe<{
    miniBlocks: { number: string; timestampUs: string; transactionCount: number }
  }>(
    { query: QUERY },
    {
      next: ({ data }) => {
        if (!data) return
        const mb = data.miniBlocks
        const number = BigInt(mb.number)
        if (lastNumber !== 0n && number !== lastNumber + 1n) gaps++
        lastNumber = number
        lags.push((nowUs() - Number(mb.timestampUs)) / 1000)
        sealedMs.push(Number(mb.timestampUs) / 1000)
        transactions += mb.transactionCount
      },
      error: (error) => console.error('  lag probe: subscription failed', error),
      complete: () => {},
    },
  )
  client.on('connected', () => setTimeout(() => subscribed(), 50))
  await started
  return {
    mark() {
      lags = []
      sealedMs = []
      transactions = 0
    },
    take() {
      if (gaps > 0) throw new Error(`the miniBlocks subscription skipped mini-blocks ${gaps} times`)
      const lagsMs = [...lags].sort((a, b) => a - b)
      return { lagsMs, transactions, miniBlocks: lagsMs.length }
    },
    between(fromMs, toMs) {
      if (gaps > 0) throw new Error(`the miniBlocks subscription skipped mini-blocks ${gaps} times`)
      return lags.filter((_, i) => sealedMs[i] >= fromMs && sealedMs[i] < toMs).sort((a, b) => a - b)
    },
    async close() {
      unsubscribe()
      await client.dispose()
    },
  }
}
