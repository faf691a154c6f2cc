// Client side, part a: sequential sends, one at a time over one connection, each timed from the
// request to its receipt (the chain's eth_sendRawTransactionSync, or send + receipt polling).

import { connectHttp, connectWs, type Peer, percentile, sendAndWait } from '@rtevm/rpc-edge/bench'
import type { TxSigner } from '@rtevm/testkit'
import type { Hex } from 'viem'
import type { ClientPlan, SequentialSeries, Transport, TxKind } from './clientMessages.ts'
import { type Deployment, signKind } from './contracts.ts'
import { hopsBetween, scrapeHops } from './hopBreakdown.ts'

export const KINDS: readonly TxKind[] = ['eth', 'erc20', 'order']
export const TRANSPORTS: readonly Transport[] = ['ws', 'http']

const log = (message: string) => console.error(`    ${message}`)

/**
 * For each transport and kind: `plan.warmup` unmeasured sends, then `plan.sends` measured ones,
 * all signed before the first is sent. `onWarmedUp` runs once, after the first warm-up.
 */
export async function runSequential(
  peer: Peer,
  plan: ClientPlan,
  deployment: Deployment,
  signer: TxSigner,
  recipient: Hex,
  nonces: Map<Hex, bigint>,
  onWarmedUp: () => Promise<void>,
): Promise<SequentialSeries[]> {
  const series: SequentialSeries[] = []
  let warmedUp = false
  for (const transport of TRANSPORTS) {
    for (const kind of KINDS) {
      const first = nonces.get(signer.address) ?? 0n
      const total = plan.warmup + plan.sends
      const raws = Array.from({ length: total }, (_, i) =>
        signKind(kind, deployment, signer, first + BigInt(i), recipient),
      )
      nonces.set(signer.address, first + BigInt(total))
      const client = transport === 'ws' ? await connectWs(peer.wsUrl) : connectHttp(peer.url)
      const samples: number[] = []
      let failed = 0
      let hopsBefore: Awaited<ReturnType<typeof scrapeHops>>
      try {
        for (let i = 0; i < raws.length; i++) {
          if (i === plan.warmup && !warmedUp) {
            warmedUp = true
            await onWarmedUp()
          }
          if (i === plan.warmup) hopsBefore = await scrapeHops(peer.url)
          const started = performance.now()
          const receipt = await sendAndWait(peer, client, raws[i])
          const elapsed = performance.now() - started
          if (receipt.status !== '0x1') failed++
          if (i >= plan.warmup) samples.push(elapsed)
        }
      } finally {
        await client.close()
      }
      const hopsAfter = await scrapeHops(peer.url)
      samples.sort((a, b) => a - b)
      log(
        `${peer.name} ${kind} over ${transport}: p50 ${percentile(samples, 50).toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms over ${samples.length}${failed ? `, ${failed} reverted` : ''}`,
      )
      series.push({ kind, transport, samples, failed, hops: hopsAfter && hopsBetween(hopsBefore, hopsAfter) })
    }
  }
  return series
}
