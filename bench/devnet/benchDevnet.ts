// `BENCH_ONLY=devnet pnpm bench`: the devnet as users run it (`pnpm start`) beside anvil and
// Hardhat's node, each its own process, measured from a separate client process started once per
// chain with the same code. BENCH_SENDS sets the measured sequential sends per series (default
// 2 000); BENCH_SECONDS the length of each pipelined run (default 30 s).
import { spawnSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  connectWs,
  fees,
  nonceOf,
  type PeerProcess,
  type Receipt,
  startAnvil,
  startHardhat,
} from '@rtevm/rpc-edge/bench'
import { toHex } from 'viem'
import type { BenchResult } from '../lib/results.ts'
import { sequentialKeys } from './benchKeys.ts'
import { chromiumSuites } from './chromiumSuites.ts'
import type { ChainTarget, ClientPlan } from './clientMessages.ts'
import { artifactPath } from './contracts.ts'
import { appsBuilt, devnetEnvironment, launchDevnet } from './devnetProcess.ts'
import { type ChainFigures, devnetResults } from './devnetResults.ts'
import { treeRssMiB } from './processTree.ts'
import { runClient } from './runClient.ts'

const log = (message: string) => console.error(`  ${message}`)

export async function benchDevnet(): Promise<BenchResult[]> {
  const plan: ClientPlan = {
    // Per series, the same for every chain: a devnet just started is still settling (JIT, the
    // indexer and verifier catching up with the deployments); 100 sends left it mid-way.
    warmup: 1_000,
    sends: Math.max(100, Number(process.env.BENCH_SENDS ?? 2_000)),
    rates: [100, 1_000],
    senderCounts: [1, 20],
    seconds: Math.max(5, Math.min(30, Number(process.env.BENCH_SECONDS ?? 30))),
  }
  generateArtifacts()
  if (!appsBuilt()) {
    log('building the apps: one untimed `pnpm start` (its first start builds them)…')
    await (await launchDevnet(await devnetEnvironment(), 600_000)).stop()
  }
  const { figures, chromium } = await measureDevnet(plan)
  const chains = [figures]
  for (const [name, start, setBalanceMethod] of [
    ['anvil', startAnvil, 'anvil_setBalance'],
    ['Hardhat', startHardhat, 'hardhat_setBalance'],
  ] as const) {
    const started = performance.now()
    let peer: PeerProcess = await start()
    const startMs = performance.now() - started
    log(`${name}: ${peer.version} answering after ${startMs.toFixed(0)} ms`)
    const target = (): ChainTarget => ({ name, url: peer.url, wsUrl: peer.wsUrl, setBalanceMethod })
    // A fresh peer per pipelined run, as the edge suite does: once anvil's automine stalls under
    // pipelined sends it mines nothing more, even after evm_mine, and would spoil the next run.
    const restart = async () => {
      peer.close()
      peer = await start()
      return target()
    }
    try {
      const run = await runClient(target(), plan, () => treeRssMiB(peer.pid), restart)
      // Its memory after the run would be a fresh instance's: only the warm-up figure compares.
      chains.push({ name, startMs, ...run, rssEndMiB: Number.NaN })
    } finally {
      peer.close()
    }
  }
  return [...devnetResults(plan, chains), ...chromium]
}

/** `pnpm start`, the client's run, then SIGKILL of the sequencer and a restart onto the same data. */
async function measureDevnet(plan: ClientPlan): Promise<{ figures: ChainFigures; chromium: BenchResult[] }> {
  const env = await devnetEnvironment()
  const devnet = await launchDevnet(env)
  try {
    log(`rtevm: answering after ${devnet.answeredMs.toFixed(0)} ms, up after ${devnet.upMs.toFixed(0)} ms`)
    const target: ChainTarget = {
      name: 'rtevm',
      url: devnet.rpcUrl,
      wsUrl: devnet.wsUrl,
      setBalanceMethod: 'anvil_setBalance',
    }
    const run = await runClient(
      target,
      plan,
      () => treeRssMiB(devnet.pid),
      async () => target,
    )
    const chromium = await chromiumSuites(env, devnet.rpcUrl)
    // The kill comes right after a receipt: that transaction must survive it.
    const acknowledged = await sendLastTransfer(devnet.wsUrl)
    await devnet.killSequencer()
    // A restart that fails (devnet.mjs gives each service 60 s) is reported; the peers still run.
    const restarted = await launchDevnet(env).catch((error: unknown) => {
      log(`rtevm: the restart after SIGKILL failed: ${String(error).split('\n')[0]}`)
      return undefined
    })
    let recovered: boolean | undefined
    if (restarted) {
      try {
        recovered = (await sequentialNonce(restarted.wsUrl)) === acknowledged
      } finally {
        await restarted.stop()
      }
      log(
        `rtevm: restarted after SIGKILL, answering after ${restarted.answeredMs.toFixed(0)} ms, chain reads after ${restarted.readsMs.toFixed(0)} ms (${recovered ? 'every acknowledged tx recovered' : 'acknowledged txs LOST'})`,
      )
    }
    const figures: ChainFigures = {
      name: 'rtevm',
      ...run,
      startMs: devnet.answeredMs,
      upMs: devnet.upMs,
      restartMs: restarted?.answeredMs,
      restartReadsMs: restarted?.readsMs,
      restartUpMs: restarted?.upMs,
      recovered,
    }
    return { figures, chromium }
  } finally {
    await devnet.stop()
    if (env.RTEVM_DATA_DIR) rmSync(env.RTEVM_DATA_DIR, { recursive: true, force: true })
  }
}

/** The sequential sender's confirmed nonce: every receipt it got is a transaction in the durable log. */
async function sequentialNonce(wsUrl: string): Promise<bigint> {
  const client = await connectWs(wsUrl)
  try {
    return await nonceOf(client, sequentialKeys()[0].address, 'latest')
  } finally {
    await client.close()
  }
}

/** One more ETH transfer from the sequential sender, through eth_sendRawTransactionSync; its nonce after. */
async function sendLastTransfer(wsUrl: string): Promise<bigint> {
  const [signer, recipient] = sequentialKeys()
  const client = await connectWs(wsUrl)
  try {
    const nonce = await nonceOf(client, signer.address)
    const raw = toHex(signer.sign({ nonce, to: recipient.address, value: 1n, gasLimit: 21_000n, ...fees }))
    const receipt = await client.call<Receipt>('eth_sendRawTransactionSync', [raw])
    if (receipt.status !== '0x1') throw new Error('the last transfer before SIGKILL reverted')
    return nonce + 1n
  } finally {
    await client.close()
  }
}

/** The playground's compiled contracts, as its own benchmark makes them (playground/scripts/generate.mjs). */
function generateArtifacts(): void {
  if (existsSync(artifactPath('OrderBook'))) return
  const script = fileURLToPath(new URL('../../playground/scripts/generate.mjs', import.meta.url))
  const generated = spawnSync(process.execPath, [script], { encoding: 'utf8' })
  if (generated.status !== 0) throw new Error(`generate.mjs failed:\n${generated.stderr}`)
}
