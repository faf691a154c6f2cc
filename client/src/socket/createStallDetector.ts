export type StallDetector = {
  /** Any frame from the server: the connection is alive. */
  touch(): void
  stop(): void
}

/**
 * Watches a connection that receives `heartbeats`: the edge sends one every `intervalMs` in which
 * no mini-block arrived, so on a healthy connection something arrives at least that often. After
 * `intervals` silent intervals, `probe()` asks the server something cheap; when that goes
 * unanswered too, `onStall()` (reconnect and resume). The probe keeps a quiet subscription (a
 * watched address that does not change while the chain is busy elsewhere) from reconnecting a
 * healthy socket.
 */
export function createStallDetector(deps: {
  intervalMs: number
  intervals: number
  probe: (timeoutMs: number) => Promise<unknown>
  onStall: () => void
}): StallDetector {
  const { intervalMs, intervals, probe, onStall } = deps
  let lastFrameAt = Date.now()
  let probing = false
  const timer = setInterval(() => {
    if (probing || Date.now() - lastFrameAt < intervalMs * intervals) return
    probing = true
    probe(intervalMs).then(
      () => {
        probing = false
        lastFrameAt = Date.now()
      },
      () => {
        probing = false
        onStall()
      },
    )
  }, intervalMs)
  return {
    touch() {
      lastFrameAt = Date.now()
    },
    stop: () => clearInterval(timer),
  }
}
