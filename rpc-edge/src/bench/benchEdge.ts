import type { BenchResult } from '@rtevm/protocol'
import { createSenders } from '@rtevm/testkit'
import { log } from './benchChain.ts'
import { benchFanout } from './fanout/benchFanout.ts'
import { fundSenders } from './fundSenders.ts'
import { latencyResults, roundTripP50, sendReceiptLatency } from './latency.ts'
import { startAnvil } from './peers/anvilPeer.ts'
import { startHardhat } from './peers/hardhatPeer.ts'
import { launch, type Peer, type PeerLauncher, type RunningPeer } from './peers/Peer.ts'
import { startRtevm } from './peers/rtevmPeer.ts'
import { SENDERS, throughput, throughputResults, txPerSecond } from './throughput.ts'
import { erc20Workload, ethWorkload } from './workloads.ts'

const launchers: PeerLauncher[] = [
  { name: 'anvil', setBalanceMethod: 'anvil_setBalance', start: startAnvil },
  { name: 'Hardhat', setBalanceMethod: 'hardhat_setBalance', start: startHardhat },
]

/**
 * End-to-end figures through JSON-RPC, rtevm's edge beside anvil and Hardhat's
 * node in the same run: sequential send → receipt latency over WebSocket and
 * HTTP, ETH and ERC-20 transfer throughput from 100 senders with 64 requests
 * in flight; then `miniBlocks` fan-out from one edge to many subscribers.
 */
export async function benchEdge(): Promise<BenchResult[]> {
  const results = await benchAgainstPeers()
  results.push(...(await benchFanout()))
  return results
}

async function benchAgainstPeers(): Promise<BenchResult[]> {
  const rtevm = await startRtevm()
  try {
    const ours = rtevm.peer
    const results: BenchResult[] = []
    await withPeers(async (peers) => {
      const mine = await roundTripP50(ours)
      for (const peer of peers) {
        results.push({
          name: `eth_chainId round trip p50 over WebSocket vs ${peer.name} (client + transport floor)`,
          value: mine,
          unit: 'ms',
          better: 'lower',
          baseline: { name: peer.name, value: await roundTripP50(peer) },
        })
      }
      for (const transport of ['ws', 'http'] as const) {
        const samples = await sendReceiptLatency(ours, transport)
        const theirs = []
        for (const peer of peers) theirs.push(await sendReceiptLatency(peer, transport))
        results.push(...latencyResults(transport, samples, theirs))
      }
    })
    // Fresh peers and fresh senders per workload: transactions a peer stranded in one run must not block the next.
    for (const [index, workload] of [ethWorkload, erc20Workload].entries()) {
      const senders = createSenders(SENDERS, 0n, 7 + index).signers
      await withPeers(async (peers) => {
        for (const peer of [ours, ...peers]) await fundSenders(peer, senders)
        const mine = await throughput(ours, workload, senders)
        const theirs = []
        for (const peer of peers) theirs.push(await throughput(peer, workload, senders))
        results.push(...throughputResults(workload, mine, theirs))
        const hardhat = theirs.find((run) => run.peer.name === 'Hardhat')
        if (workload === erc20Workload && hardhat) {
          results.push({
            name: 'ERC-20 transfers/s through JSON-RPC, rtevm / Hardhat (target ≥ 2)',
            value: txPerSecond(mine) / txPerSecond(hardhat),
            unit: '×',
            better: 'higher',
          })
        }
      })
    }
    return results
  } finally {
    await rtevm.close()
  }
}

/** Starts every peer process, runs `body`, and stops them all, whatever happens. */
async function withPeers(body: (peers: Peer[]) => Promise<void>): Promise<void> {
  const running: RunningPeer[] = []
  try {
    for (const launcher of launchers) {
      const started = await launch(launcher)
      running.push(started)
      log(`${launcher.name}: ${started.process.version} on ${started.process.url}`)
    }
    await body(running.map((r) => r.peer))
  } finally {
    for (const r of running) r.process.close()
  }
}
