import type { BenchResult } from '@rtevm/protocol'
import type { TxSigner } from '@rtevm/testkit'
import type { Hex } from 'viem'
import { log } from './benchChain.ts'
import type { Peer } from './peers/Peer.ts'
import { nonceOf, sendAndWait } from './peers/sendAndWait.ts'
import { connectWs, type RpcClient } from './rpcClients.ts'
import type { Workload } from './workloads.ts'

export const SENDERS = 100
const IN_FLIGHT = 64
const SEND_CAP_MS = 6_000
const INCLUSION_CAP_MS = 3_000

export type ThroughputRun = {
  peer: Peer
  sent: number
  accepted: number
  included: number
  seconds: number
  firstError?: string
}

export const txPerSecond = (run: ThroughputRun) => run.included / run.seconds

/**
 * Pipelined eth_sendRawTransaction over one WebSocket, IN_FLIGHT requests
 * outstanding, until every accepted transaction is in a block (or the caps).
 */
export async function throughput(
  peer: Peer,
  workload: Workload,
  senders: readonly TxSigner[],
): Promise<ThroughputRun> {
  const client = await connectWs(peer.wsUrl)
  try {
    const nonces = await Promise.all(senders.map((s) => nonceOf(client, s.address)))
    const signing = performance.now()
    const { setup, raws } = workload.prepare(senders, nonces)
    log(
      `${peer.name} ${workload.label}: signed ${setup.length + raws.length} in ${((performance.now() - signing) / 1000).toFixed(1)} s`,
    )
    for (const raw of setup) {
      const receipt = await sendAndWait(peer, client, raw)
      if (receipt.status !== '0x1') throw new Error(`${peer.name}: ${workload.name} setup reverted`)
    }
    const base = await Promise.all(senders.map((s) => nonceOf(client, s.address, 'latest')))
    const includedSince = async () => {
      const now = await Promise.all(senders.map((s) => nonceOf(client, s.address, 'latest')))
      return now.reduce((sum, n, s) => sum + Number(n - base[s]), 0)
    }

    const started = performance.now()
    const sendDeadline = started + SEND_CAP_MS
    let next = 0
    let accepted = 0
    let firstError: string | undefined
    const lane = async () => {
      while (next < raws.length && performance.now() < sendDeadline) {
        const raw = raws[next++]
        try {
          await client.call('eth_sendRawTransaction', [raw])
          accepted++
        } catch (error) {
          firstError ??= error instanceof Error ? error.message : String(error)
        }
      }
    }
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane))
    const sent = next
    const sendSeconds = (performance.now() - started) / 1000

    // Done when every accepted transaction is in a block (per-sender nonces), or at the cap.
    const inclusionDeadline = performance.now() + INCLUSION_CAP_MS
    // The clock stops at the last poll that saw progress, so a peer that strands transactions is
    // not charged for the cap it waited out.
    let included = -1
    let finished = started
    for (;;) {
      const count = await includedSince()
      if (count > included) {
        included = count
        finished = performance.now()
      }
      if (included >= accepted || performance.now() > inclusionDeadline) break
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const stranded = included < accepted ? await diagnoseStranded(client, included, includedSince) : ''
    const run = { peer, sent, accepted, included, seconds: (finished - started) / 1000, firstError }
    log(
      `${peer.name} ${workload.label}: ${included} included of ${accepted} accepted, ${sent} sent of ${raws.length} in ${sendSeconds.toFixed(2)} s; all in blocks after ${run.seconds.toFixed(2)} s → ${Math.round(txPerSecond(run))} tx/s${stranded}${firstError ? `; first error: ${firstError}` : ''}`,
    )
    return run
  } finally {
    await client.close()
  }
}

/**
 * Diagnosis only (not in the figure): what the pool holds, and whether the
 * stranded transactions were ready, waiting for a block automine never made.
 */
async function diagnoseStranded(
  client: RpcClient,
  included: number,
  includedSince: () => Promise<number>,
): Promise<string> {
  let text = ''
  const status = await client.call<{ pending: Hex; queued: Hex }>('txpool_status', []).catch(() => undefined)
  if (status) text += `; txpool: ${Number(status.pending)} pending, ${Number(status.queued)} queued`
  const mined = await client.call('evm_mine', []).then(
    () => true,
    () => false,
  )
  if (mined) text += `; one evm_mine afterwards includes ${(await includedSince()) - included} more`
  return text
}

/** Ours against each peer, one row per peer; a shortfall (sent but never included) is named in the row. */
export function throughputResults(
  workload: Workload,
  mine: ThroughputRun,
  theirs: readonly ThroughputRun[],
): BenchResult[] {
  return theirs.map((peer) => {
    const shortfall = [mine, peer]
      .filter((run) => run.included < run.sent)
      .map((run) => `${run.peer.name} ${run.included}/${run.sent} included`)
    return {
      name: `${workload.label} transfers/s through JSON-RPC vs ${peer.peer.name} (${SENDERS} senders, ${IN_FLIGHT} in flight, eth_sendRawTransaction over WebSocket${shortfall.length ? `; ${shortfall.join(', ')}` : ''})`,
      value: txPerSecond(mine),
      unit: 'tx/s',
      better: 'higher',
      baseline: { name: peer.peer.name, value: txPerSecond(peer) },
    }
  })
}
