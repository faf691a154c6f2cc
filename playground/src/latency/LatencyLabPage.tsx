'use client'

import { useEffect, useRef, useState } from 'react'
import { messageOf } from '../errors.ts'
import { usePlayground } from '../shell/PlaygroundProvider.tsx'
import { createLatencyRun, type LatencyRun, type LatencyRunState } from './createLatencyRun.ts'
import { drawHistogram, quantile } from './drawHistogram.ts'
import { prepareTxKind, TX_KINDS, type TxKind } from './prepareTxKind.ts'

type Summary = Pick<LatencyRunState, 'sent' | 'receipts' | 'onScreen' | 'failed' | 'done' | 'lastError'> & {
  receipt: { p50?: number; p99?: number }
  screen: { p50?: number; p99?: number }
}

const MAX_COUNT = 10_000
const MAX_RATE = 2_000

export function LatencyLabPage() {
  const { socket, signer, contracts, accountIndex } = usePlayground()
  const [kind, setKind] = useState<TxKind>('eth')
  const [count, setCount] = useState('200')
  const [rate, setRate] = useState('100')
  const [error, setError] = useState<string>()
  const [summary, setSummary] = useState<Summary>()
  const [running, setRunning] = useState(false)
  const run = useRef<LatencyRun>(undefined)
  const canvas = useRef<HTMLCanvasElement>(null)

  // One loop for the page: feed arrivals become "on screen" in the frame that draws them.
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d')
    if (!ctx) return
    let frame = 0
    let lastSummary = 0
    let summarized: LatencyRun | undefined
    const loop = (now: number) => {
      const current = run.current
      current?.frame(now)
      const state = current?.state
      drawHistogram(ctx, [
        { label: 'send → receipt', color: '#6ea8fe', counts: state?.receiptCounts ?? [] },
        { label: 'send → on screen', color: '#f0a04b', counts: state?.onScreenCounts ?? [] },
      ])
      // The finished run stays on screen (and in `run`) until the next one starts.
      if (state && summarized !== current && (now - lastSummary > 200 || state.done)) {
        lastSummary = now
        setSummary(summarize(state))
        if (state.done) {
          setRunning(false)
          summarized = current
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
      run.current = createLatencyRun({ socket, signer, build, count: n, rate: perSecond })
    } catch (cause) {
      setRunning(false)
      setError(messageOf(cause))
    }
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
          Rate (tx/s){' '}
          <input
            value={rate}
            onChange={(e) => setRate(e.target.value)}
            data-testid="lab-rate"
            disabled={running}
          />
        </label>
        {running ? (
          <button type="button" onClick={() => run.current?.stop()} data-testid="lab-stop">
            Stop
          </button>
        ) : (
          <button type="button" onClick={start} disabled={!signer || !contracts} data-testid="lab-run">
            Fire
          </button>
        )}
      </div>
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
            <span className="muted">send → receipt p50 / p99</span>
            <b data-testid="lab-receipt">
              {ms(summary.receipt.p50)} / {ms(summary.receipt.p99)}
            </b>
          </div>
          <div>
            <span className="muted">send → on screen p50 / p99</span>
            <b data-testid="lab-screen">
              {ms(summary.screen.p50)} / {ms(summary.screen.p99)}
            </b>
          </div>
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
  return {
    sent: state.sent,
    receipts: state.receipts,
    onScreen: state.onScreen,
    failed: state.failed,
    done: state.done,
    lastError: state.lastError,
    receipt: { p50: quantile(state.receiptMs, 0.5), p99: quantile(state.receiptMs, 0.99) },
    screen: { p50: quantile(state.onScreenMs, 0.5), p99: quantile(state.onScreenMs, 0.99) },
  }
}
