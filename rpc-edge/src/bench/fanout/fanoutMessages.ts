/** What the fan-out benchmark's child processes and the parent say to each other over IPC. */

/**
 * CPU time a process has used, in microseconds (`process.cpuUsage()`), and its
 * own clock when it read them: a busy child answers late, so shares are taken
 * over the child's interval, not the parent's.
 */
export type CpuTime = { user: number; system: number; atMs: number }

export const readCpuTime = (): CpuTime => ({ ...process.cpuUsage(), atMs: performance.now() })

/**
 * `applied`: since the last `report`, the edge's histogram of sealed → applied by its replica, and
 * `appliedAt`, pairs of (mini-block number, wall-clock µs when its replica applied it).
 */
export type EdgeChildMessage =
  | { type: 'ready'; wsUrl: string }
  | { type: 'cpu'; cpu: CpuTime }
  | { type: 'applied'; histogram: Uint32Array; appliedAt: Float64Array }

export type SubscriberReport = {
  /** Sockets whose `eth_subscribe` was answered with an id. */
  subscribed: number
  /** Notifications received on sockets still open, and on sockets the edge closed. */
  deliveredOpen: number
  deliveredClosed: number
  /** Bytes of every notification received, the payload size being what fan-out costs. */
  bytes: number
  /** WebSocket messages received: fewer than mini-blocks delivered when notifications were coalesced. */
  frames: number
  /** Mini-blocks a subscriber never got (gaps in its numbers), and ones it got twice or out of order. */
  lost: number
  duplicated: number
  /** Sockets closed by the edge as slow consumers (close code 4000), and for any other reason. */
  closedSlow: number
  closedOther: number
  /** Delivery latency histogram (see `LatencyHistogram`). */
  histogram: Uint32Array
  cpu: CpuTime
}

export type SubscriberChildMessage =
  | { type: 'subscribed'; subscribed: number; failed: number; firstError?: string }
  | { type: 'cpu'; cpu: CpuTime }
  | { type: 'report'; report: SubscriberReport }
  | { type: 'fanout'; histogram: Uint32Array }

/** `close` ends the child: it closes its sockets (or its edge) and exits. */
/** `fanout`: the edge's `appliedAt`; the subscriber answers its histogram of applied → received. */
export type ParentMessage =
  | { type: 'cpu' }
  | { type: 'report' }
  | { type: 'fanout'; appliedAt: Float64Array }
  | { type: 'close' }
