import type { BenchResult } from '@rtevm/protocol'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { CHAIN_ID, devAccounts, fees, log } from './benchChain.ts'
import { type Peer, routeLabel } from './peers/Peer.ts'
import { nonceOf, sendAndWait } from './peers/sendAndWait.ts'
import { percentile } from './percentile.ts'
import { connectHttp, connectWs, type RpcClient } from './rpcClients.ts'

const WARMUP = 50
const COUNT = 500

export type Transport = 'ws' | 'http'
/** Sorted samples in milliseconds, per peer. */
export type LatencySamples = { peer: Peer; samples: number[] }

async function connect(peer: Peer, transport: Transport): Promise<RpcClient> {
  return transport === 'ws' ? connectWs(peer.wsUrl) : connectHttp(peer.url)
}

/** Sequential send → receipt of ETH transfers from dev account 0, one at a time, over one connection. */
export async function sendReceiptLatency(peer: Peer, transport: Transport): Promise<LatencySamples> {
  const client = await connect(peer, transport)
  try {
    const account = privateKeyToAccount(devAccounts[0].privateKey)
    const to = devAccounts[1].address
    const first = await nonceOf(client, account.address)
    // Signed before the clock starts: the figure is the server's, not viem's signing.
    const raws: Hex[] = []
    for (let i = 0; i < WARMUP + COUNT; i++) {
      raws.push(
        await account.signTransaction({
          chainId: CHAIN_ID,
          type: 'eip1559',
          nonce: Number(first) + i,
          to,
          value: 1n,
          gas: 21_000n,
          ...fees,
        }),
      )
    }
    const samples: number[] = []
    let failed = 0
    for (let i = 0; i < raws.length; i++) {
      const started = performance.now()
      const receipt = await sendAndWait(peer, client, raws[i])
      const elapsed = performance.now() - started
      if (receipt.status !== '0x1') failed++
      if (i >= WARMUP) samples.push(elapsed)
    }
    samples.sort((a, b) => a - b)
    log(
      `${peer.name} ${transport}: send → receipt p50 ${percentile(samples, 50).toFixed(3)} ms, p99 ${percentile(samples, 99).toFixed(3)} ms over ${samples.length} (${routeLabel(peer)}${failed ? `, ${failed} reverted` : ''})`,
    )
    return { peer, samples }
  } finally {
    await client.close()
  }
}

/** The floor under every other figure: p50 of one eth_chainId over the same WebSocket client. */
export async function roundTripP50(peer: Peer): Promise<number> {
  const client = await connectWs(peer.wsUrl)
  try {
    const samples: number[] = []
    for (let i = 0; i < WARMUP + COUNT; i++) {
      const started = performance.now()
      await client.call('eth_chainId', [])
      if (i >= WARMUP) samples.push(performance.now() - started)
    }
    const p50 = percentile(
      samples.sort((a, b) => a - b),
      50,
    )
    log(`${peer.name}: eth_chainId round trip p50 over WebSocket ${p50.toFixed(3)} ms`)
    return p50
  } finally {
    await client.close()
  }
}

/** p50, p90 and p99 of ours against each peer's, one row per peer and percentile. */
export function latencyResults(
  transport: Transport,
  mine: LatencySamples,
  theirs: readonly LatencySamples[],
): BenchResult[] {
  const over = transport === 'ws' ? 'WebSocket' : 'HTTP keep-alive'
  return [50, 90, 99].flatMap((p) =>
    theirs.map(
      (peer): BenchResult => ({
        name: `send → receipt p${p} over ${over}, ${COUNT} ETH transfers (${mine.peer.name}: ${routeLabel(mine.peer)}; ${peer.peer.name}: ${routeLabel(peer.peer)})`,
        value: percentile(mine.samples, p),
        unit: 'ms',
        better: 'lower',
        baseline: { name: peer.peer.name, value: percentile(peer.samples, p) },
      }),
    ),
  )
}
