import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { freePort } from '@rtevm/testkit'

const BIN = fileURLToPath(new URL('../../bin/rtevm-indexer.mjs', import.meta.url))
const START_TIMEOUT_MS = 60_000

/** An `rtevm-indexer` process, as `pnpm start` runs it. */
export type IndexerProcess = {
  /** http://127.0.0.1:PORT/graphql */
  url: string
  wsUrl: string
  /** CPU time the process has used so far, ms (user + system, from /proc). */
  cpuMs(): number
  /** `_meta` over HTTP. */
  meta(): Promise<{ cursor: bigint; headMiniBlock: bigint; lagMs: number }>
  stop(): Promise<void>
}

/** Where the process writes: PGlite in a directory, or a Postgres database. */
export type IndexerStoreArgs = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string }

/** Starts the real CLI on a free port, following `sequencerUrl`; resolves once it is listening. */
export async function startIndexerProcess(
  sequencerUrl: string,
  store: IndexerStoreArgs,
  /** Node flags for the process (`--cpu-prof` to profile the writer). */
  nodeArgs: readonly string[] = [],
): Promise<IndexerProcess> {
  const port = await freePort()
  const storeArgs = store.kind === 'pglite' ? ['--data-dir', store.dataDir] : ['--database-url', store.url]
  const child = spawn(
    process.execPath,
    [...nodeArgs, BIN, '--sequencer', sequencerUrl, '--port', String(port), ...storeArgs],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DATABASE_URL: '' } },
  )
  await listening(child)
  const url = `http://127.0.0.1:${port}/graphql`
  return {
    url,
    wsUrl: url.replace('http://', 'ws://'),
    cpuMs: () => cpuMsOf(child.pid ?? 0),
    async meta() {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _meta { cursor headMiniBlock lagMs } }' }),
      })
      const { data } = (await response.json()) as {
        data: { _meta: { cursor: string; headMiniBlock: string; lagMs: number } }
      }
      return {
        cursor: BigInt(data._meta.cursor),
        headMiniBlock: BigInt(data._meta.headMiniBlock),
        lagMs: data._meta.lagMs,
      }
    },
    stop: () => stopChild(child),
  }
}

/** utime + stime of `pid` in ms; fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second on Linux). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

function listening(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`rtevm-indexer did not start within ${START_TIMEOUT_MS / 1000} s`))
    }, START_TIMEOUT_MS)
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      if (!line.startsWith('Listening.')) return
      clearTimeout(timer)
      resolve()
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`rtevm-indexer exited with ${code} before listening`))
    })
  })
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}
