'use client'

import { useEffect, useState } from 'react'
import type { ActionTiming } from './createActionTimings.ts'
import { usePlayground } from './PlaygroundProvider.tsx'

type Shown =
  | { kind: 'action'; action: ActionTiming; receiptMs?: number; onScreenMs?: number }
  | { kind: 'run'; sent: number; receiptMs?: number; onScreenMs?: number; done: boolean }

const ms = (value?: number) => (value === undefined ? '…' : `${value.toFixed(1)} ms`)

/** The visitor's own last action on every page: send → receipt → on screen, in ms. */
export function ActionReadout() {
  const { timings } = usePlayground()
  const [shown, setShown] = useState<Shown>()

  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined
    const read = () => {
      const run = timings.run()
      if (run) {
        setShown({
          kind: 'run',
          sent: run.sent,
          receiptMs: run.receiptMs.at(-1),
          onScreenMs: run.onScreenMs.at(-1),
          done: run.done,
        })
        if (run.done && timer) {
          clearInterval(timer)
          timer = undefined
        }
        return
      }
      const action = timings.latest()
      if (action)
        setShown({ kind: 'action', action, receiptMs: action.receiptMs, onScreenMs: action.onScreenMs })
    }
    const unsubscribe = timings.subscribe(() => {
      read()
      // A latency run changes thousands of times a second: sample it 4 times a second instead.
      if (timings.run() && !timer) timer = setInterval(read, 250)
    })
    read()
    return () => {
      unsubscribe()
      if (timer) clearInterval(timer)
    }
  }, [timings])

  // A page without a live view of its own: the receipt painted here is the change on screen.
  useEffect(() => {
    if (shown?.kind !== 'action') return
    const { action } = shown
    if (!action.hash || action.receiptMs === undefined || action.onScreenMs !== undefined) return
    if (timings.hasView()) return
    const frame = requestAnimationFrame((now) => timings.shown(action.hash!, now))
    return () => cancelAnimationFrame(frame)
  }, [shown, timings])

  if (!shown)
    return (
      <span className="readout muted" data-testid="action-readout">
        your last action: none yet
      </span>
    )
  if (shown.kind === 'run')
    return (
      <span className="readout" data-testid="action-readout">
        lab run ({shown.sent} sent{shown.done ? ', done' : ''}), last tx: send → receipt{' '}
        <b data-testid="readout-receipt">{ms(shown.receiptMs)}</b> → on screen{' '}
        <b data-testid="readout-screen">{ms(shown.onScreenMs)}</b>
      </span>
    )
  return (
    <span
      className="readout"
      data-testid="action-readout"
      title="measured in this tab with performance.now()"
    >
      your last action ({shown.action.what}):{' '}
      {shown.action.error ? (
        <span className="error">{shown.action.error}</span>
      ) : (
        <>
          send → receipt <b data-testid="readout-receipt">{ms(shown.receiptMs)}</b> → on screen{' '}
          <b data-testid="readout-screen">{ms(shown.onScreenMs)}</b>
        </>
      )}
    </span>
  )
}
