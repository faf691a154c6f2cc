import { type Abi, decodeFunctionData, type Hex } from 'viem'
import { arenaAbi, orderBookAbi, testTokenAbi } from '../contracts/index.ts'
import { messageOf } from '../errors.ts'
import type { LatencyRunState } from '../latency/createLatencyRun.ts'
import type { Signer } from '../wallet/Signer.ts'

/** The visitor's last action, timed with `performance.now()` (ms after it was handed to the socket). */
export type ActionTiming = {
  what: string
  hash?: Hex
  sentAt: number
  receiptMs?: number
  onScreenMs?: number
  error?: string
}

/**
 * Times the visitor's own sends for the readout on every page: when the transaction was handed
 * to the transport, when its receipt arrived, and when a page painted the change it caused
 * (a page with a live view calls `shown(hash, frameTime)` from the first animation frame after
 * the React commit that includes it; on a page without one, the readout's own paint counts).
 * Bots sign with their own wallets and are never timed here.
 */
export type ActionTimings = {
  /** The same signer, reporting each send. */
  wrap(signer: Signer): Signer
  shown(hash: Hex, at: number): void
  /** A latency-lab run: the readout shows its latest figures instead. */
  trackRun(state: LatencyRunState | undefined): void
  run(): LatencyRunState | undefined
  latest(): ActionTiming | undefined
  /** Pages that call `shown` themselves register while mounted. */
  addView(): () => void
  hasView(): boolean
  subscribe(listener: () => void): () => void
}

const abis: Abi[] = [orderBookAbi, arenaAbi, testTokenAbi]

/** `placeLimit`, `move`, `transfer`…: the function a transaction calls, when the playground knows it. */
export function describeTx(tx: { to?: string; data?: Hex; value?: bigint }): string {
  if (!tx.to) return 'deploy'
  if (!tx.data || tx.data === '0x') return 'ETH transfer'
  for (const abi of abis) {
    try {
      return decodeFunctionData({ abi, data: tx.data }).functionName
    } catch {
      // Not this contract's function.
    }
  }
  return `call ${tx.data.slice(0, 10)}`
}

export function createActionTimings(): ActionTimings {
  let latest: ActionTiming | undefined
  let run: LatencyRunState | undefined
  let views = 0
  const listeners = new Set<() => void>()
  const changed = () => {
    for (const listener of listeners) listener()
  }

  return {
    wrap(signer) {
      return {
        kind: signer.kind,
        address: signer.address,
        async send(tx, hooks) {
          const entry: ActionTiming = { what: describeTx(tx), sentAt: performance.now() }
          try {
            const sent = await signer.send(tx, {
              onSigned(hash, sentAt) {
                entry.hash = hash
                entry.sentAt = sentAt
                latest = entry
                run = undefined
                hooks?.onSigned?.(hash, sentAt)
              },
            })
            entry.receiptMs = sent.receivedAt - sent.sentAt
            // A revert changes nothing a page could show.
            if (sent.receipt.status !== '0x1') entry.error = 'reverted'
            if (latest === entry) changed()
            return sent
          } catch (error) {
            entry.error = messageOf(error).split('\n')[0]
            if (latest === entry) changed()
            throw error
          }
        },
      }
    },
    shown(hash, at) {
      if (!latest || latest.hash !== hash || latest.onScreenMs !== undefined) return
      latest.onScreenMs = Math.max(0, at - latest.sentAt)
      changed()
    },
    trackRun(state) {
      run = state
      changed()
    },
    run: () => run,
    latest: () => latest,
    addView() {
      views++
      return () => {
        views--
      }
    },
    hasView: () => views > 0,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
