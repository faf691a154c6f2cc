// Client side, part b: pipelined sends at an offered rate (open loop: each send leaves on its
// schedule, whatever is still outstanding), from one sender or several, one connection each.

import { connectWs, type Peer, percentile, type RpcClient, sendAndWait } from '@rtevm/rpc-edge/bench'
import type { TxSigner } from '@rtevm/testkit'
import type { PipelinedRun } from './clientMessages.ts'
import { type Deployment, signKind } from './contracts.ts'

/** The windows the latency is reported for: sends issued in the first and in the last 5 s. */
export const WINDOW_MS = 5_000
/** How long outstanding sends may take after the last one left before they count as unconfirmed. */
const DRAIN_MS = 15_000

const log = (message: string) => console.error(`    ${message}`)

type Outcome = { sentAt: number; latency: number; ok: boolean }

/** ETH transfers from `senders` round-robin at `offered` tx/s for `seconds`, signed before the clock starts. */
export async function runPipelined(
  peer: Peer,
  deployment: Deployment,
  senders: readonly TxSigner[],
  offered: number,
  seconds: number,
): Promise<PipelinedRun> {
  const total = Math.round(offered * seconds)
  const raws = Array.from({ length: total }, (_, i) => {
    const s = i % senders.length
    const to = senders[(s + 1) % senders.length].address
    return signKind('eth', deployment, senders[s], BigInt(Math.floor(i / senders.length)), to)
  })
  const clients: RpcClient[] = []
  for (const _ of senders) clients.push(await connectWs(peer.wsUrl))
  const outcomes: Outcome[] = []
  let firstError: string | undefined
  let lastReceiptAt = 0
  const inFlight = new Set<Promise<void>>()
  const send = (i: number, t0: number) => {
    const sentAt = performance.now()
    const done = sendAndWait(peer, clients[i % senders.length], raws[i]).then(
      (receipt) => {
        lastReceiptAt = performance.now()
        outcomes.push({ sentAt: sentAt - t0, latency: lastReceiptAt - sentAt, ok: receipt.status === '0x1' })
      },
      (error: unknown) => {
        firstError ??= error instanceof Error ? error.message : String(error)
        outcomes.push({ sentAt: sentAt - t0, latency: Number.NaN, ok: false })
      },
    )
    inFlight.add(done)
    void done.then(() => inFlight.delete(done))
  }
  try {
    const t0 = performance.now()
    let next = 0
    while (next < total) {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * offered) / 1000) + 1)
      while (next < due) send(next++, t0)
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    const drained = Promise.all(inFlight)
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, DRAIN_MS))])
    const confirmed = outcomes.filter((o) => o.ok)
    const windowOf = (from: number, to: number) =>
      confirmed
        .filter((o) => o.sentAt >= from && o.sentAt < to)
        .map((o) => o.latency)
        .sort((a, b) => a - b)
    const spanMs = seconds * 1000
    const run: PipelinedRun = {
      senders: senders.length,
      offered,
      first: windowOf(0, WINDOW_MS),
      last: windowOf(spanMs - WINDOW_MS, Number.POSITIVE_INFINITY),
      sent: next,
      confirmed: confirmed.length,
      failed: outcomes.length - confirmed.length,
      achieved: confirmed.length / (Math.max(lastReceiptAt - t0, 1) / 1000),
      firstError,
    }
    run.stranded = await leftInPool(clients[0])
    log(
      `${peer.name} ${senders.length} sender(s) @ ${offered} tx/s offered: ${run.confirmed}/${total} confirmed, achieved ${run.achieved.toFixed(0)} tx/s; last 5 s p50 ${percentile(run.last, 50).toFixed(2)} ms, p99 ${percentile(run.last, 99).toFixed(2)} ms${firstError ? `; first error: ${firstError}` : ''}${run.stranded ? `; ${run.stranded} left in its pool` : ''}`,
    )
    return run
  } finally {
    await Promise.all(clients.map((c) => c.close()))
  }
}

/**
 * What the run left ready in the chain's pool with no block coming (anvil's automine under
 * pipelined sends). Not in any figure: the run already counts those sends as unconfirmed. Chains
 * without `txpool_status` (rtevm) count 0.
 */
async function leftInPool(client: RpcClient): Promise<number> {
  const status = await client.call<{ pending: string }>('txpool_status', []).catch(() => undefined)
  return Number(status?.pending ?? 0)
}
