// The devnet as `pnpm start` runs it (scripts/devnet.mjs: every service, default durability), out of
// process, on ports the OS picked, timed from spawn to JSON-RPC answering.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { freePort } from '@rtevm/testkit'
import { commandLine, processTree } from './processTree.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const UP_LINE = 'rtevm devnet: up.'

export type RunningDevnet = {
  pid: number
  rpcUrl: string
  wsUrl: string
  /**
   * Spawn → first eth_chainId answered; → first eth_blockNumber answered (a read of the chain,
   * which waits for the edge's catch-up); and → the supervisor's "up" (indexer and apps serving), ms.
   */
  answeredMs: number
  readsMs: number
  upMs: number
  /** SIGINT, as Ctrl-C; waits for the whole tree to exit. */
  stop(): Promise<void>
  /** SIGKILLs the sequencer; the supervisor then stops the rest. Resolves once the whole tree has exited. */
  killSequencer(): Promise<void>
}

/** Fixed free ports and a kept data dir, so the devnet can be restarted onto the same chain. */
export async function devnetEnvironment(): Promise<NodeJS.ProcessEnv> {
  // Whatever RTEVM_* the caller's shell holds would point the devnet at someone else's ports.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('RTEVM_')))
  const names = ['LINK', 'FULLNODE', 'RPC', 'INDEXER', 'EXPLORER', 'PLAYGROUND']
  for (const name of names) env[`RTEVM_${name}_PORT`] = String(await freePort())
  env.RTEVM_DATA_DIR = mkdtempSync(join(tmpdir(), 'rtevm-bench-devnet-'))
  return env
}

/** Whether both Next.js apps hold a build (`pnpm start` builds them on its first run otherwise). */
export const appsBuilt = () =>
  ['explorer', 'playground'].every((app) => existsSync(join(root, app, '.next', 'BUILD_ID')))

export async function launchDevnet(env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<RunningDevnet> {
  const rpcUrl = `http://127.0.0.1:${env.RTEVM_RPC_PORT}`
  const started = performance.now()
  const child = spawn(process.execPath, ['scripts/devnet.mjs'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const pid = child.pid ?? 0
  let output = ''
  let stopping = false
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  // Said at once: a client that then loses its connection would otherwise be the only trace.
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`    the devnet (pid ${pid}) exited by itself: ${signal ?? `code ${code}`}`)
  })
  const up = new Promise<number>((resolve, reject) => {
    const onLine = (line: string) => {
      // The error keeps the tail of the output, without the banner's accounts and keys.
      if (!/^\(\d+\) 0x/.test(line)) output = `${output}${line}\n`.slice(-4000)
      // The supervisor's own progress lines, so a slow start shows where it is.
      if (line.startsWith('rtevm devnet:')) console.error(`    ${line}`)
      if (line.startsWith(UP_LINE)) resolve(performance.now() - started)
    }
    createInterface({ input: child.stdout! }).on('line', onLine)
    createInterface({ input: child.stderr! }).on('line', onLine)
    void exited.then(() => reject(new Error(`the devnet exited before it was up:\n${output}`)))
    setTimeout(
      () => reject(new Error(`the devnet was not up within ${timeoutMs / 1000} s:\n${output}`)),
      timeoutMs,
    ).unref()
  })
  const killTree = () => {
    for (const p of processTree(pid).reverse()) tryKill(p, 'SIGKILL')
  }
  process.once('exit', killTree)
  const stopTree = async (signal: NodeJS.Signals, target: number) => {
    stopping = true
    const tree = processTree(pid)
    tryKill(target, signal)
    await Promise.race([exited, sleep(15_000)])
    // Whatever outlived the supervisor was started by it, so by this benchmark: wait, then kill it.
    const deadline = performance.now() + 10_000
    while (tree.some(alive) && performance.now() < deadline) await sleep(50)
    for (const p of tree.filter(alive)) tryKill(p, 'SIGKILL')
    process.removeListener('exit', killTree)
  }
  try {
    const answeredMs = await answering(rpcUrl, 'eth_chainId', child, up, started)
    const readsMs = await answering(rpcUrl, 'eth_blockNumber', child, up, started)
    const upMs = await up
    return {
      pid,
      rpcUrl,
      wsUrl: rpcUrl.replace('http', 'ws'),
      answeredMs,
      readsMs,
      upMs,
      stop: () => stopTree('SIGINT', pid),
      killSequencer() {
        // Its own process (RTEVM_TOPOLOGY=separate), or the edge's, which holds it by default.
        const sequencer = processTree(pid).find((p) => {
          const command = commandLine(p)
          return command.includes('rtevm.mjs sequencer') || command.includes('--sequencer in-process')
        })
        if (!sequencer) throw new Error('no sequencer process under the devnet')
        return stopTree('SIGKILL', sequencer)
      },
    }
  } catch (error) {
    killTree()
    throw error
  }
}

/** Polls eth_chainId every 5 ms until it answers; ms since `started`. */
async function answering(
  rpcUrl: string,
  method: string,
  child: ChildProcess,
  up: Promise<number>,
  started: number,
): Promise<number> {
  let failure: unknown
  up.catch((error: unknown) => {
    failure = error
  })
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] })
  for (;;) {
    if (failure || child.exitCode !== null) throw failure ?? new Error('the devnet exited')
    try {
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      if (response.ok && ((await response.json()) as { result?: string }).result)
        return performance.now() - started
    } catch {
      // not listening yet
    }
    await sleep(5)
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** Running, not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat[stat.lastIndexOf(')') + 2] !== 'Z'
  } catch {
    return false
  }
}
function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal)
  } catch {
    // already gone
  }
}
