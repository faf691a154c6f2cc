/** What the fan-out benchmark's child processes and the parent say to each other over IPC. */

/**
 * CPU time a process has used, in microseconds (`process.cpuUsage()`), and its
 * own clock when it read them: a busy child answers late, so shares are taken
 * over the child's interval, not the parent's.
 */
export type CpuTime = { user: number; system: number; atMs: number }

export const readCpuTime = (): CpuTime => ({ ...process.cpuUsage(), atMs: performance.now() })

export type EdgeChildMessage = { type: 'ready'; wsUrl: string } | { type: 'cpu'; cpu: CpuTime }

export type SubscriberReport = {
  /** Sockets whose `eth_subscribe` was answered with an id. */
  subscribed: number
  /** Notifications received on sockets still open, and on sockets the edge closed. */
  deliveredOpen: number
  deliveredClosed: number
  /** Bytes of every notification received, the payload size being what fan-out costs. */
  bytes: number
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

/** `close` ends the child: it closes its sockets (or its edge) and exits. */
export type ParentMessage = { type: 'cpu' } | { type: 'report' } | { type: 'close' }
