import {
  createLinkServer,
  createSequencer,
  defineConfig,
  deriveDevAccounts,
  type LinkServer,
  type Sequencer,
} from '@rtevm/node'
import { benchTokenSource } from '@rtevm/node/bench'
import { compileSolidity, createSenders, createTxSigner, type TxSigner } from '@rtevm/node/testing'
import type { BenchResult } from '@rtevm/protocol'
import { encodeFunctionData, getContractAddress, type Hex, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createEdge, type Edge } from '../edge/index.ts'
import { type AnvilPeer, startAnvil } from './anvilPeer.ts'
import { connectHttp, connectWs, RpcCallError, type RpcClient } from './rpcClients.ts'

const log = (message: string) => console.error(`  ${message}`)

const GWEI = 1_000_000_000n
const CHAIN_ID = 31337
// Both chains derive their dev accounts from the same default mnemonic.
const chainConfig = defineConfig({ link: { port: 0 } })
const devAccounts = deriveDevAccounts(chainConfig.mnemonic, chainConfig.devAccountCount)
const fees = { maxFeePerGas: 10n * GWEI, maxPriorityFeePerGas: 1n }

const LATENCY_WARMUP = 50
const LATENCY_COUNT = 500
const SENDERS = 100
const IN_FLIGHT = 64
const TX_PER_SENDER = 60
const SEND_CAP_MS = 6_000
const INCLUSION_CAP_MS = 3_000

type Receipt = { status: Hex; transactionHash: Hex }

/** A chain under test and how it turns a raw transaction into a receipt fastest. */
type Peer = {
  name: string
  url: string
  wsUrl: string
  /** Decided on the first transaction: the peer's own sync send, or send + poll the receipt. */
  route?: 'sync' | 'poll'
  /** anvil_setBalance where the peer allows it in the benchmark; transfers from dev accounts otherwise. */
  fundWithSetBalance: boolean
}

const routeLabel = (peer: Peer) =>
  peer.route === 'sync' ? 'eth_sendRawTransactionSync' : 'eth_sendRawTransaction + receipt polling'

/**
 * End-to-end figures through JSON-RPC, rtevm's edge beside anvil in the same
 * run: sequential send → receipt latency over WebSocket and HTTP, and ETH and
 * ERC-20 transfer throughput from 100 senders with 64 requests in flight.
 */
export async function benchEdge(): Promise<BenchResult[]> {
  let anvil: AnvilPeer | undefined
  let ours: { sequencer: Sequencer; link: LinkServer; edge: Edge } | undefined
  try {
    anvil = await startAnvil()
    log(`anvil: ${anvil.version} on ${anvil.url}`)
    ours = await startOurs()
    log(`rtevm: edge on ${ours.edge.url}, ${chainConfig.blockIntervalMs} ms blocks`)
    const rtevm: Peer = {
      name: 'rtevm',
      url: ours.edge.url,
      wsUrl: ours.edge.wsUrl,
      fundWithSetBalance: false,
    }
    const peer: Peer = { name: 'anvil', url: anvil.url, wsUrl: anvil.wsUrl, fundWithSetBalance: true }

    const results: BenchResult[] = []
    results.push(await roundTrip(rtevm, peer))
    for (const transport of ['ws', 'http'] as const) {
      const mine = await latency(rtevm, transport)
      const theirs = await latency(peer, transport)
      results.push(...latencyResults(transport, rtevm, mine, peer, theirs))
    }
    // A fresh anvil and fresh senders per workload: transactions anvil stranded in one run must not block the next.
    for (const [index, workload] of [ethWorkload, erc20Workload].entries()) {
      const senders = createSenders(SENDERS, 0n, 7 + index).signers
      anvil.close()
      anvil = await startAnvil()
      const fresh: Peer = { ...peer, url: anvil.url, wsUrl: anvil.wsUrl }
      await fundSenders(rtevm, senders)
      await fundSenders(fresh, senders)
      const mine = await throughput(rtevm, workload, senders)
      const theirs = await throughput(fresh, workload, senders)
      results.push(throughputResult(workload, mine, theirs))
    }
    return results
  } finally {
    anvil?.close()
    if (ours) {
      await ours.edge.close()
      await ours.link.close()
      await ours.sequencer.close()
    }
  }
}

async function startOurs() {
  const sequencer = await createSequencer(chainConfig)
  const link = await createLinkServer({ config: chainConfig.link, backend: sequencer })
  const edge = await createEdge({
    rpc: { port: 0 },
    sequencerUrl: link.url,
    chainConfig,
    onError: (error) => log(`edge error: ${String(error)}`),
  })
  await edge.whenReady()
  return { sequencer, link, edge }
}

async function connect(peer: Peer, transport: 'ws' | 'http'): Promise<RpcClient> {
  return transport === 'ws' ? connectWs(peer.wsUrl) : connectHttp(peer.url)
}

async function nonceOf(
  client: RpcClient,
  address: Hex,
  tag: 'pending' | 'latest' = 'pending',
): Promise<bigint> {
  return BigInt(await client.call<Hex>('eth_getTransactionCount', [address, tag]))
}

/** Sends one raw transaction and resolves with its receipt, through the peer's fastest route. */
async function sendAndWait(peer: Peer, client: RpcClient, raw: Hex): Promise<Receipt> {
  if (peer.route !== 'poll') {
    try {
      const receipt = await client.call<Receipt>('eth_sendRawTransactionSync', [raw])
      peer.route = 'sync'
      return receipt
    } catch (error) {
      // Only a peer without the method falls back; any other error is the transaction's.
      if (peer.route === 'sync' || !(error instanceof RpcCallError) || error.code !== -32601) throw error
      log(`${peer.name}: eth_sendRawTransactionSync unavailable (${error.message}); polling receipts`)
      peer.route = 'poll'
    }
  }
  const hash = await client.call<Hex>('eth_sendRawTransaction', [raw])
  for (;;) {
    const receipt = await client.call<Receipt | null>('eth_getTransactionReceipt', [hash])
    if (receipt) return receipt
  }
}

async function latency(peer: Peer, transport: 'ws' | 'http'): Promise<number[]> {
  const client = await connect(peer, transport)
  try {
    const account = privateKeyToAccount(devAccounts[0].privateKey)
    const to = devAccounts[1].address
    const first = await nonceOf(client, account.address)
    // Signed before the clock starts: the figure is the server's, not viem's signing.
    const raws: Hex[] = []
    for (let i = 0; i < LATENCY_WARMUP + LATENCY_COUNT; i++) {
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
      if (i >= LATENCY_WARMUP) samples.push(elapsed)
    }
    samples.sort((a, b) => a - b)
    log(
      `${peer.name} ${transport}: send → receipt p50 ${percentile(samples, 50).toFixed(3)} ms, p99 ${percentile(samples, 99).toFixed(3)} ms over ${samples.length} (${routeLabel(peer)}${failed ? `, ${failed} reverted` : ''})`,
    )
    return samples
  } finally {
    await client.close()
  }
}

/** The floor under every other figure: one eth_chainId over the same WebSocket client. */
async function roundTrip(ours: Peer, peer: Peer): Promise<BenchResult> {
  const p50 = async (target: Peer) => {
    const client = await connectWs(target.wsUrl)
    try {
      const samples: number[] = []
      for (let i = 0; i < LATENCY_WARMUP + LATENCY_COUNT; i++) {
        const started = performance.now()
        await client.call('eth_chainId', [])
        if (i >= LATENCY_WARMUP) samples.push(performance.now() - started)
      }
      return percentile(
        samples.sort((a, b) => a - b),
        50,
      )
    } finally {
      await client.close()
    }
  }
  const mine = await p50(ours)
  const theirs = await p50(peer)
  log(
    `eth_chainId round trip p50 over WebSocket: ${ours.name} ${mine.toFixed(3)} ms, ${peer.name} ${theirs.toFixed(3)} ms`,
  )
  return {
    name: 'eth_chainId round trip p50 over WebSocket (client + transport floor)',
    value: mine,
    unit: 'ms',
    better: 'lower',
    baseline: { name: peer.name, value: theirs },
  }
}

function latencyResults(
  transport: 'ws' | 'http',
  ours: Peer,
  mine: number[],
  peer: Peer,
  theirs: number[],
): BenchResult[] {
  const over = transport === 'ws' ? 'WebSocket' : 'HTTP keep-alive'
  return [50, 90, 99].map((p) => ({
    name: `send → receipt p${p} over ${over}, ${LATENCY_COUNT} ETH transfers (${ours.name}: ${routeLabel(ours)}; ${peer.name}: ${routeLabel(peer)})`,
    value: percentile(mine, p),
    unit: 'ms',
    better: 'lower',
    baseline: { name: peer.name, value: percentile(theirs, p) },
  }))
}

/** rtevm: 100 ETH each by transfers from the 20 dev accounts; anvil: anvil_setBalance (it has only 10). */
async function fundSenders(peer: Peer, senders: readonly TxSigner[]): Promise<void> {
  const client = await connectWs(peer.wsUrl)
  try {
    const amount = 100n * 10n ** 18n
    if (peer.fundWithSetBalance) {
      await Promise.all(senders.map((s) => client.call('anvil_setBalance', [s.address, toHex(amount)])))
    } else {
      const funders = devAccounts.map((a) => createTxSigner(a.privateKey, a.address, BigInt(CHAIN_ID)))
      const nonces = await Promise.all(funders.map((f) => nonceOf(client, f.address)))
      for (let i = 0; i < senders.length; i++) {
        const f = i % funders.length
        const raw = funders[f].sign({
          nonce: nonces[f]++,
          to: senders[i].address,
          value: amount,
          gasLimit: 21_000n,
          ...fees,
        })
        const receipt = await sendAndWait(peer, client, toHex(raw))
        if (receipt.status !== '0x1') throw new Error(`${peer.name}: funding transfer ${i} reverted`)
      }
    }
    log(
      `${peer.name}: funded ${senders.length} senders (${peer.fundWithSetBalance ? 'anvil_setBalance' : 'transfers from the dev accounts'})`,
    )
  } finally {
    await client.close()
  }
}

type Workload = {
  name: string
  label: string
  /** Unmeasured setup (sent one by one, in order) and the measured transactions, round-robin over senders. */
  prepare(senders: readonly TxSigner[], nonces: bigint[]): { setup: Hex[]; raws: Hex[] }
}

function roundRobin(
  senders: readonly TxSigner[],
  nonces: readonly bigint[],
  build: (i: number, nonce: bigint, signer: TxSigner) => Uint8Array,
): Hex[] {
  const raws: Hex[] = []
  for (let i = 0; i < senders.length * TX_PER_SENDER; i++) {
    const s = i % senders.length
    raws.push(toHex(build(i, nonces[s] + BigInt(Math.floor(i / senders.length)), senders[s])))
  }
  return raws
}

const ethWorkload: Workload = {
  name: 'eth',
  label: 'ETH',
  prepare: (senders, nonces) => ({
    setup: [],
    raws: roundRobin(senders, nonces, (i, nonce, signer) =>
      signer.sign({
        nonce,
        to: senders[(i + 1) % senders.length].address,
        value: 1n,
        gasLimit: 21_000n,
        ...fees,
      }),
    ),
  }),
}

let compiledToken: ReturnType<typeof compileSolidity>['BenchToken'] | undefined

/** Sender 0 deploys the token, every sender mints itself a balance, then transfers round-robin. */
const erc20Workload: Workload = {
  name: 'erc20',
  label: 'ERC-20',
  prepare(senders, nonces) {
    compiledToken ??= compileSolidity({ 'BenchToken.sol': benchTokenSource }).BenchToken
    const { abi, bytecode } = compiledToken
    const deployer = senders[0]
    const token = getContractAddress({ from: deployer.address, nonce: nonces[0] })
    const setup = [
      toHex(deployer.sign({ nonce: nonces[0]++, data: bytecode, gasLimit: 1_000_000n, ...fees })),
      ...senders.map((signer, s) =>
        toHex(
          signer.sign({
            nonce: nonces[s]++,
            to: token,
            data: encodeFunctionData({ abi, functionName: 'mint', args: [signer.address, 10n ** 30n] }),
            gasLimit: 100_000n,
            ...fees,
          }),
        ),
      ),
    ]
    const raws = roundRobin(senders, nonces, (i, nonce, signer) =>
      signer.sign({
        nonce,
        to: token,
        data: encodeFunctionData({
          abi,
          functionName: 'transfer',
          args: [senders[(i * 7 + 3) % senders.length].address, 1n],
        }),
        gasLimit: 100_000n,
        ...fees,
      }),
    )
    return { setup, raws }
  },
}

type ThroughputRun = {
  peer: Peer
  sent: number
  accepted: number
  included: number
  seconds: number
  firstError?: string
}

async function throughput(
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
      const now = await Promise.all(senders.map((s) => nonceOf(client, s.address, 'latest')))
      const count = now.reduce((sum, n, s) => sum + Number(n - base[s]), 0)
      if (count > included) {
        included = count
        finished = performance.now()
      }
      if (included >= accepted || performance.now() > inclusionDeadline) break
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    let pool = ''
    if (included < accepted) {
      const status = await client
        .call<{ pending: Hex; queued: Hex }>('txpool_status', [])
        .catch(() => undefined)
      if (status) pool = `; txpool: ${Number(status.pending)} pending, ${Number(status.queued)} queued`
      // Diagnosis only (not in the figure): are the stranded transactions ready, waiting for a block nobody mines?
      if (
        peer.fundWithSetBalance &&
        (await client.call('evm_mine', []).then(
          () => true,
          () => false,
        ))
      ) {
        const after = await Promise.all(senders.map((s) => nonceOf(client, s.address, 'latest')))
        const total = after.reduce((sum, n, s) => sum + Number(n - base[s]), 0)
        pool += `; one evm_mine afterwards includes ${total - included} more`
      }
    }
    const run = { peer, sent, accepted, included, seconds: (finished - started) / 1000, firstError }
    log(
      `${peer.name} ${workload.label}: ${included} included of ${accepted} accepted, ${sent} sent of ${raws.length} in ${sendSeconds.toFixed(2)} s; all in blocks after ${run.seconds.toFixed(2)} s → ${Math.round(included / run.seconds)} tx/s${pool}${firstError ? `; first error: ${firstError}` : ''}`,
    )
    return run
  } finally {
    await client.close()
  }
}

function throughputResult(workload: Workload, mine: ThroughputRun, theirs: ThroughputRun): BenchResult {
  const shortfall = [mine, theirs]
    .filter((run) => run.included < run.sent)
    .map((run) => `${run.peer.name} ${run.included}/${run.sent} included`)
  return {
    name: `${workload.label} transfers/s through JSON-RPC (${SENDERS} senders, ${IN_FLIGHT} in flight, eth_sendRawTransaction over WebSocket${shortfall.length ? `; ${shortfall.join(', ')}` : ''})`,
    value: mine.included / mine.seconds,
    unit: 'tx/s',
    better: 'higher',
    baseline: { name: theirs.peer.name, value: theirs.included / theirs.seconds },
  }
}

/** Nearest rank over sorted samples. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]
}
