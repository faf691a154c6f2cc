'use client'

import { useEffect, useRef, useState } from 'react'
import { messageOf } from '../errors.ts'
import { usePlayground } from '../shell/PlaygroundProvider.tsx'
import type { SendHooks, SentTx } from '../wallet/Signer.ts'
import {
  achievedRate,
  createLatencyRun,
  type LatencyRun,
  type LatencyRunState,
  windowP99,
} from './createLatencyRun.ts'
import { bucketQuantile, drawHistogram, quantile } from './drawHistogram.ts'
import { prepareTxKind, TX_KINDS, type TxKind } from './prepareTxKind.ts'

type Quantiles = { p50?: number; p99?: number }

type Summary = Pick<LatencyRunState, 'sent' | 'receipts' | 'onScreen' | 'failed' | 'done' | 'lastError'> & {
  receipt: Quantiles
  screen: Quantiles
  offered: number
  achieved?: number
  windows?: { first: number; last: number }
  /** The page's hops, once the run is done: signing (per tx, before the clock), send → feed, feed → frame. */
  hops?: { signMs?: number; feed: Quantiles; render: Quantiles }
  /** Live figures are read off the histogram's buckets; the final ones are exact. */
  approximate: boolean
}

const MAX_COUNT = 10_000
const MAX_RATE = 2_000

export function LatencyLabPage() {
  const { socket, signer, devWallet, contracts, accountIndex, timings } = usePlayground()
  const [kind, setKind] = useState<TxKind>('eth')
  const [count, setCount] = useState('200')
  const [rate, setRate] = useState('100')
  const [error, setError] = useState<string>()
  const [summary, setSummary] = useState<Summary>()
  const [running, setRunning] = useState(false)
  const [signing, setSigning] = useState<string>()
  const run = useRef<LatencyRun>(undefined)
  const canvas = useRef<HTMLCanvasElement>(null)
  const onRunEnd = useRef(() => {})
  onRunEnd.current = () => void devWallet?.resync().catch(() => {})

  // One loop for the page: feed arrivals become "on screen" in the frame that draws them. The
  // histogram is redrawn only in a frame where a sample arrived; React renders the summary at
  // most 4 times a second (never per receipt), from bucket counts until the run is done.
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d')
    if (!ctx) return
    let frame = 0
    let lastSummary = 0
    let drawn: { run?: LatencyRun; version: number } = { version: -1 }
    let summarized: LatencyRun | undefined
    const draw = (state?: LatencyRunState) =>
      drawHistogram(ctx, [
        { label: 'send → receipt', color: '#6ea8fe', counts: state?.receiptCounts ?? [] },
        { label: 'send → on screen', color: '#f0a04b', counts: state?.onScreenCounts ?? [] },
      ])
    draw()
    const loop = (now: number) => {
      const current = run.current
      // The clock as this frame's callbacks run, not rAF's timestamp: that is when the frame
      // began, which can precede a feed message handled before the callbacks (negative hops).
      current?.frame(performance.now())
      const state = current?.state
      if (current && state && (drawn.run !== current || drawn.version !== state.version)) {
        drawn = { run: current, version: state.version }
        draw(state)
      }
      // The finished run stays on screen (and in `run`) until the next one starts.
      if (state && summarized !== current && (now - lastSummary > 250 || state.done)) {
        lastSummary = now
        setSummary(summarize(state))
        if (state.done) {
          setRunning(false)
          summarized = current
          // A rejected or unsent pre-signed transaction leaves a nonce gap: read the nonce again.
          if (state.failed > 0) onRunEnd.current()
        }
      }
      frame = requestAnimationFrame(loop)
    }
    frame = requestAnimationFrame(loop)
    return () => {
      cancelAnimationFrame(frame)
      run.current?.stop()
    }
  }, [])

  async function start() {
    setError(undefined)
    try {
      if (!signer || !contracts) throw new Error('the wallet or the contracts are not ready yet')
      const n = Number(count)
      const perSecond = Number(rate)
      if (!Number.isInteger(n) || n < 1 || n > MAX_COUNT) throw new Error(`count must be 1..${MAX_COUNT}`)
      if (!(perSecond > 0 && perSecond <= MAX_RATE)) throw new Error(`rate must be 1..${MAX_RATE} tx/s`)
      setRunning(true)
      setSummary(undefined)
      const build = await prepareTxKind(kind, { socket, signer, contracts, accountIndex })
      // The dev wallet signs the whole run before the clock starts: no signing on the hot path.
      // An injected wallet signs each send itself (and prompts), so it is timed as it is.
      let send: (i: number, hooks: SendHooks) => Promise<SentTx>
      let signMs: number | undefined
      if (devWallet && signer.kind === 'dev') {
        setSigning(`signing 0 / ${n}…`)
        const txs = Array.from({ length: n }, (_, i) => build(i))
        const signingStarted = performance.now()
        const signed = await devWallet.presign(txs, (done) => setSigning(`signing ${done} / ${n}…`))
        signMs = (performance.now() - signingStarted) / n
        setSigning(undefined)
        send = (i, hooks) => devWallet.sendSigned(signed[i], hooks)
      } else send = (i, hooks) => signer.send(build(i), hooks)
      const started = createLatencyRun({ socket, send, count: n, rate: perSecond })
      started.state.signMs = signMs
      run.current = started
      timings.trackRun(started.state)
    } catch (cause) {
      setSigning(undefined)
      setRunning(false)
      setError(messageOf(cause))
    }
  }

  function stop() {
    run.current?.stop()
    // Pre-signed transactions never sent leave a nonce gap: read the nonce again.
    void devWallet?.resync().catch(() => {})
  }

  const ms = (value?: number) => (value === undefined ? '—' : `${value.toFixed(2)} ms`)
  return (
    <div className="panel">
      <div className="row">
        <label>
          Kind{' '}
          <select
            value={kind}
            onChange={(e) => setKind(e.target.value as TxKind)}
            data-testid="lab-kind"
            disabled={running}
          >
            {TX_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Count{' '}
          <input
            value={count}
            onChange={(e) => setCount(e.target.value)}
            data-testid="lab-count"
            disabled={running}
          />
        </label>
        <label>
          Offered rate (tx/s){' '}
          <input
            value={rate}
            onChange={(e) => setRate(e.target.value)}
            data-testid="lab-rate"
            disabled={running}
          />
        </label>
        {running ? (
          <button type="button" onClick={stop} data-testid="lab-stop">
            Stop
          </button>
        ) : (
          <button type="button" onClick={start} disabled={!signer || !contracts} data-testid="lab-run">
            Fire
          </button>
        )}
      </div>
      {signing && (
        <p className="muted" data-testid="lab-signing">
          {signing}
        </p>
      )}
      <canvas ref={canvas} width={900} height={260} data-testid="lab-histogram" />
      {summary && (
        <div className="stats" data-testid="lab-summary" data-done={summary.done ? 'yes' : 'no'}>
          <div>
            <span className="muted">sent / receipts / on screen / failed</span>
            <b data-testid="lab-counts">
              {summary.sent} / {summary.receipts} / {summary.onScreen} / {summary.failed}
            </b>
          </div>
          <div>
            <span className="muted">offered / achieved rate</span>
            <b data-testid="lab-achieved">
              {summary.offered} tx/s /{' '}
              {summary.achieved === undefined ? '—' : `${summary.achieved.toFixed(0)} tx/s`}
            </b>
          </div>
          <div>
            <span className="muted">send → receipt p50 / p99{summary.approximate ? ' (≈, live)' : ''}</span>
            <b data-testid="lab-receipt">
              {ms(summary.receipt.p50)} / {ms(summary.receipt.p99)}
            </b>
          </div>
          <div>
            <span className="muted">send → on screen p50 / p99{summary.approximate ? ' (≈, live)' : ''}</span>
            <b data-testid="lab-screen">
              {ms(summary.screen.p50)} / {ms(summary.screen.p99)}
            </b>
          </div>
          {summary.hops && (
            <div>
              <span className="muted">
                in the page, p50 / p99: sign (per tx, before the clock) · send → feed · feed → frame
              </span>
              <b data-testid="lab-hops">
                sign {ms(summary.hops.signMs)} · feed {ms(summary.hops.feed.p50)} /{' '}
                {ms(summary.hops.feed.p99)} · frame {ms(summary.hops.render.p50)} /{' '}
                {ms(summary.hops.render.p99)}
              </b>
            </div>
          )}
          {summary.windows && (
            <div>
              <span className="muted">send → on screen p99, first 5 s / last 5 s</span>
              <b data-testid="lab-windows">
                first 5 s {summary.windows.first.toFixed(2)} ms, last 5 s {summary.windows.last.toFixed(2)} ms
              </b>
            </div>
          )}
          <div>
            <span className="muted">status</span>
            <b data-testid="lab-status">{summary.done ? 'done' : 'running'}</b>
          </div>
        </div>
      )}
      {summary?.lastError && (
        <p className="error" data-testid="lab-error">
          last error: {summary.lastError}
        </p>
      )}
      {error && <p className="error">{error}</p>}
    </div>
  )
}

function summarize(state: LatencyRunState): Summary {
  const live = !state.done
  const at = (samples: number[], counts: number[], q: number) =>
    live ? bucketQuantile(counts, q) : quantile(samples, q)
  return {
    sent: state.sent,
    receipts: state.receipts,
    onScreen: state.onScreen,
    failed: state.failed,
    done: state.done,
    lastError: state.lastError,
    receipt: {
      p50: at(state.receiptMs, state.receiptCounts, 0.5),
      p99: at(state.receiptMs, state.receiptCounts, 0.99),
    },
    screen: {
      p50: at(state.onScreenMs, state.onScreenCounts, 0.5),
      p99: at(state.onScreenMs, state.onScreenCounts, 0.99),
    },
    offered: state.offeredRate,
    achieved: achievedRate(state),
    windows: live ? undefined : windowP99(state),
    hops: live
      ? undefined
      : {
          signMs: state.signMs,
          feed: { p50: quantile(state.feedMs, 0.5), p99: quantile(state.feedMs, 0.99) },
          render: { p50: quantile(state.renderMs, 0.5), p99: quantile(state.renderMs, 0.99) },
        },
    approximate: live,
  }
}
