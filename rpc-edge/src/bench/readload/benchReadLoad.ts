import { readFile } from 'node:fs/promises'
import { createLinkServer, createSequencer } from '@rtevm/node'
import type { BenchResult } from '@rtevm/protocol'
import { compileTestContracts, createTxSigner } from '@rtevm/testkit'
import { encodeFunctionData, type Hex, toHex } from 'viem'
import { CHAIN_ID, chainConfig, devAccounts, fees, log } from '../benchChain.ts'
import { forkChild } from '../fanout/forkChild.ts'
import { startAnvil } from '../peers/anvilPeer.ts'
import type { Peer } from '../peers/Peer.ts'
import { sendAndWait } from '../peers/sendAndWait.ts'
import { percentile } from '../percentile.ts'
import { connectWs } from '../rpcClients.ts'
import type { ReadLoadClientMessage, ReadLoadEdgeMessage } from './readLoadMessages.ts'
import { type MiniBlockWatch, watchMiniBlocks } from './watchMiniBlocks.ts'

const READ_CONNECTIONS = 100
const SUBSCRIBERS = 100
/** Seconds of each window (quiet, then under read load); BENCH_SECONDS shortens them. */
const WINDOW_SECONDS = Math.min(20, Number(process.env.BENCH_SECONDS ?? 10))
/** Transactions with a log each before measuring, so eth_getLogs has a range to search. */
const SETUP_BUMPS = 40

/** A chain under read load: rtevm (an edge in its own process over an in-process sequencer) or anvil. */
type Chain = {
  label: string
  peer: Peer
  /** Resident memory of the process serving JSON-RPC (rtevm: the edge, with its read workers). */
  rssBytes(): Promise<number | undefined>
  /** Subscribers get mini-blocks (rtevm only). */
  miniBlocks: boolean
  close(): Promise<void>
}

/**
 * Reads off the hot path: READ_CONNECTIONS WebSocket clients (in a child process) issue
 * eth_call and a large-range eth_getLogs as fast as they are served, while this process
 * sends sequential eth_sendRawTransactionSync transfers and SUBSCRIBERS sockets take
 * `miniBlocks`. Each chain runs a quiet window, then the same window under read load:
 * rtevm with its read workers, rtevm with them off (reads on the edge's thread), anvil.
 */
export async function benchReadLoad(): Promise<BenchResult[]> {
  const results: BenchResult[] = []
  for (const start of [() => startRtevm(1), () => startRtevm(0), startAnvilChain]) {
    const chain = await start()
    try {
      results.push(...(await measure(chain)))
    } finally {
      await chain.close()
    }
  }
  return results
}

async function startRtevm(readWorkers: number): Promise<Chain> {
  const sequencer = await createSequencer(chainConfig)
  const link = await createLinkServer({ config: chainConfig.link, backend: sequencer })
  const edge = forkChild<ReadLoadEdgeMessage>('../readload/readLoadEdge.ts', [link.url, String(readWorkers)])
  const { wsUrl } = await edge.next('ready')
  const label = `rtevm, ${readWorkers === 0 ? 'reads on the edge thread (--read-workers 0)' : `--read-workers ${readWorkers}`}`
  return {
    label,
    peer: { name: label, url: wsUrl.replace(/^ws/, 'http'), wsUrl },
    miniBlocks: true,
    async rssBytes() {
      edge.send({ type: 'report' })
      const { rssBytes, reads } = await edge.next('memory')
      if (reads)
        log(`${label}: reads answered on a worker ${reads.offloaded}, on the edge's thread ${reads.inThread}`)
      return rssBytes
    },
    async close() {
      await edge.close()
      await link.close()
      await sequencer.close()
    },
  }
}

async function startAnvilChain(): Promise<Chain> {
  const anvil = await startAnvil()
  return {
    label: 'anvil',
    peer: { name: 'anvil', url: anvil.url, wsUrl: anvil.wsUrl },
    miniBlocks: false,
    rssBytes: async () => {
      const status = await readFile(`/proc/${anvil.pid}/status`, 'utf8').catch(() => '')
      const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
      return kib === undefined ? undefined : Number(kib) * 1024
    },
    close: async () => anvil.close(),
  }
}

async function measure(chain: Chain): Promise<BenchResult[]> {
  const { peer } = chain
  const client = await connectWs(peer.wsUrl)
  const deployer = createTxSigner(devAccounts[0].privateKey, devAccounts[0].address, BigInt(CHAIN_ID))
  const { probe } = compileTestContracts()
  let nonce = 0n
  const deploy = deployer.sign({
    nonce: nonce++,
    gasLimit: 1_000_000n,
    data: hexBytes(probe.bytecode),
    ...fees,
  })
  const deployed = await sendAndWait(peer, client, toHex(deploy))
  const receipt = await client.call<{ contractAddress: Hex }>('eth_getTransactionReceipt', [
    deployed.transactionHash,
  ])
  const probeAddress = receipt.contractAddress
  for (let i = 0; i < SETUP_BUMPS; i++) {
    const data = encodeFunctionData({ abi: probe.abi, functionName: 'bump', args: ['0x01'] })
    const raw = deployer.sign({
      nonce: nonce++,
      to: probeAddress,
      gasLimit: 100_000n,
      data: hexBytes(data),
      ...fees,
    })
    await sendAndWait(peer, client, toHex(raw))
  }
  const reads: [string, unknown[]][] = [
    [
      'eth_call',
      [{ to: probeAddress, data: encodeFunctionData({ abi: probe.abi, functionName: 'count' }) }, 'latest'],
    ],
    ['eth_getLogs', [{ fromBlock: '0x0', toBlock: 'latest', address: probeAddress }]],
  ]

  const watch = chain.miniBlocks ? await watchMiniBlocks(peer.wsUrl, SUBSCRIBERS) : undefined
  const sender = createTransferSender(peer, client)
  const quiet = await window(sender, watch, () => new Promise((r) => setTimeout(r, WINDOW_SECONDS * 1000)))
  const loader = forkChild<ReadLoadClientMessage>('../readload/readLoadClients.ts', [
    peer.wsUrl,
    String(READ_CONNECTIONS),
    String(WINDOW_SECONDS),
    JSON.stringify(reads),
  ])
  await loader.next('connected')
  let done: Extract<ReadLoadClientMessage, { type: 'done' }> | undefined
  const loaded = await window(sender, watch, async () => {
    loader.send({ type: 'report' })
    done = await loader.next('done')
  })
  await loader.close()
  watch?.close()
  await client.close()
  const rss = await chain.rssBytes()

  const readsPerSecond = done ? done.reads / done.seconds : 0
  log(
    `${chain.label}: ${Math.round(readsPerSecond)} reads/s (${done?.errors ?? 0} failed${done?.firstError ? `: ${done.firstError}` : ''}); sync send p50/p99 quiet ${ms(quiet.send, 50)}/${ms(quiet.send, 99)} ms, under read load ${ms(loaded.send, 50)}/${ms(loaded.send, 99)} ms (${loaded.send.length} sends)${watch ? `; miniBlocks delivery p50/p99 quiet ${ms(quiet.delivery, 50)}/${ms(quiet.delivery, 99)} ms, under read load ${ms(loaded.delivery, 50)}/${ms(loaded.delivery, 99)} ms` : ''}${rss ? `; RPC process RSS ${(rss / 2 ** 20).toFixed(0)} MiB` : ''}`,
  )
  const label = `read load (${READ_CONNECTIONS} WebSocket clients, eth_call + eth_getLogs), ${chain.label}`
  const results: BenchResult[] = [
    { name: `${label}: reads served`, value: readsPerSecond, unit: '/s', better: 'higher' },
    { name: `${label}: sync send p50, quiet`, value: at(quiet.send, 50), unit: 'ms', better: 'lower' },
    { name: `${label}: sync send p99, quiet`, value: at(quiet.send, 99), unit: 'ms', better: 'lower' },
    {
      name: `${label}: sync send p50, under read load`,
      value: at(loaded.send, 50),
      unit: 'ms',
      better: 'lower',
    },
    {
      name: `${label}: sync send p99, under read load`,
      value: at(loaded.send, 99),
      unit: 'ms',
      better: 'lower',
    },
  ]
  if (watch) {
    const subscribers = `${SUBSCRIBERS} miniBlocks subscribers`
    results.push(
      {
        name: `${label}: ${subscribers}, delivery p99, quiet`,
        value: at(quiet.delivery, 99),
        unit: 'ms',
        better: 'lower',
      },
      {
        name: `${label}: ${subscribers}, delivery p99, under read load`,
        value: at(loaded.delivery, 99),
        unit: 'ms',
        better: 'lower',
      },
    )
  }
  if (rss !== undefined) {
    results.push({
      name: `${label}: RPC process RSS after the run`,
      value: rss / 2 ** 20,
      unit: 'MiB',
      better: 'lower',
    })
  }
  return results

  /** Sends transfers back to back and records deliveries until `during` settles. */
  async function window(
    send: TransferSender,
    miniBlocks: MiniBlockWatch | undefined,
    during: () => Promise<void>,
  ) {
    miniBlocks?.reset()
    let running = true
    const sending = send.run(() => running)
    await during()
    running = false
    const sends = await sending
    return { send: sends.sort((a, b) => a - b), delivery: (miniBlocks?.reset() ?? []).sort((a, b) => a - b) }
  }
}

type TransferSender = { run(keepGoing: () => boolean): Promise<number[]> }

/** Sequential ETH transfers from dev account 1, each timed from send to its receipt. */
function createTransferSender(peer: Peer, client: Awaited<ReturnType<typeof connectWs>>): TransferSender {
  const from = devAccounts[1]
  const signer = createTxSigner(from.privateKey, from.address, BigInt(CHAIN_ID))
  let nonce = 0n
  return {
    async run(keepGoing) {
      const latencies: number[] = []
      while (keepGoing()) {
        const raw = toHex(
          signer.sign({ nonce: nonce++, to: devAccounts[2].address, value: 1n, gasLimit: 21_000n, ...fees }),
        )
        const started = performance.now()
        await sendAndWait(peer, client, raw)
        latencies.push(performance.now() - started)
      }
      return latencies
    },
  }
}

const hexBytes = (hex: Hex) => Uint8Array.from(Buffer.from(hex.slice(2), 'hex'))
const at = (sorted: readonly number[], p: number) => percentile(sorted, p)
const ms = (sorted: readonly number[], p: number) => at(sorted, p).toFixed(2)
