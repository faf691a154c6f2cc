import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { chromiumPath, type Devnet, freePort, launchChromium, startDevnet } from '@rtevm/testkit'
import type { Browser } from 'playwright-core'

export const playgroundDir = fileURLToPath(new URL('..', import.meta.url))
export const resultsDir = join(playgroundDir, 'test-results')
/** The tests build beside `.next`, so a running `pnpm start` keeps its build. */
const DIST_DIR = '.next-test'

export type RunningPlayground = {
  /** The playground's base URL. */
  url: string
  rpcUrl: string
  browser: Browser
  stop(): Promise<void>
}

/**
 * Runs `node <args>`, collecting its output. `ready` resolves when a line matches `isReady`,
 * or, without `isReady`, when the process exits 0; it rejects on an earlier exit or a timeout.
 */
function startProcess(
  name: string,
  args: string[],
  options: {
    cwd: string
    env: NodeJS.ProcessEnv
    isReady?: (line: string) => boolean
    timeoutMs: number
    echo: boolean
  },
): { child: ChildProcess; ready: Promise<void>; output: () => string } {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  let settled = false
  const ready = new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (error) reject(error)
      else resolve()
    }
    const timer = setTimeout(
      () =>
        settle(new Error(`${name} not ready within ${options.timeoutMs / 1000} s:\n${output.slice(-3000)}`)),
      options.timeoutMs,
    )
    const onLine = (line: string) => {
      output += `${line}\n`
      if (options.echo) console.log(`[${name}] ${line}`)
      if (options.isReady?.(line)) settle()
    }
    createInterface({ input: child.stdout! }).on('line', onLine)
    createInterface({ input: child.stderr! }).on('line', onLine)
    child.once('exit', (code, signal) => {
      if (code === 0 && !options.isReady) settle()
      else
        settle(new Error(`${name} exited (${signal ?? code}) before it was ready:\n${output.slice(-3000)}`))
    })
  })
  // Awaited by the caller; this only keeps an early failure from being reported as unhandled.
  ready.catch(() => {})
  return { child, ready, output: () => output }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

async function takeFree(base: number): Promise<number[]> {
  const ports: number[] = []
  for (let port = base; ports.length < 5 && port < base + 500; port++)
    if (await canListen(port)) ports.push(port)
  if (ports.length < 5) throw new Error(`no 5 free ports from ${base}`)
  return ports
}

function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 8_000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill(signal)
  })
}

/**
 * Builds the playground once (`next build`, progress printed; `reuseBuild` keeps an existing
 * `.next-test` build, for benchmarks), starts a real devnet on free
 * ports (testkit's `startDevnet`: `scripts/devnet.mjs`, explorer off) while it builds, then `next start` on the build
 * and Debian's Chromium. The devnet would start the playground itself from `.next`; the test
 * serves its own build dir instead, so the devnet's playground is switched off.
 */
export async function startPlayground({
  reuseBuild = false,
}: {
  reuseBuild?: boolean
} = {}): Promise<RunningPlayground> {
  chromiumPath() // a missing Chromium fails before the slow build
  mkdirSync(resultsDir, { recursive: true })
  const generated = spawnSync(process.execPath, [join(playgroundDir, 'scripts', 'generate.mjs')], {
    encoding: 'utf8',
  })
  if (generated.status !== 0) throw new Error(`generate.mjs failed:\n${generated.stderr}`)

  // PLAYGROUND_PORT_BASE=N takes the first 5 free ports from N up for the devnet and the app (a shared
  // machine's allotted range; ephemeral client ports land there too, so each is probed); else any free ports.
  const base = Number(process.env.PLAYGROUND_PORT_BASE ?? 0)
  const [rpc, link, fullNode, indexer, appOnBase] = base > 0 ? await takeFree(base) : []
  const appPort = appOnBase ?? (await freePort())
  // Without a base, startDevnet takes its own free ports.
  const devnetPorts = rpc && link && fullNode && indexer ? { rpc, link, fullNode, indexer } : undefined
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    RTEVM_PLAYGROUND_DIST_DIR: DIST_DIR,
  }
  const nextBin = join(playgroundDir, 'node_modules', 'next', 'dist', 'bin', 'next')
  const skipBuild = reuseBuild && existsSync(join(playgroundDir, DIST_DIR, 'BUILD_ID'))
  const build = startProcess('playground build', skipBuild ? ['-e', ''] : [nextBin, 'build'], {
    cwd: playgroundDir,
    env,
    timeoutMs: 170_000,
    echo: !skipBuild,
  })
  // The devnet would start the playground itself from `.next`; startDevnet switches it (and the explorer) off.
  const starting = startDevnet(
    { DATABASE_URL: process.env.DATABASE_URL ?? '' },
    { timeoutMs: 120_000, ports: devnetPorts },
  )
  let devnet: Devnet | undefined
  let app: ReturnType<typeof startProcess> | undefined
  let browser: Browser | undefined
  const stop = async () => {
    await browser?.close().catch(() => {})
    await Promise.all([stopChild(app?.child, 'SIGTERM'), devnet?.stop(), stopChild(build.child, 'SIGTERM')])
  }
  try {
    // Wait for both before deciding, so a failed build still stops a devnet that came up.
    const [built, started] = await Promise.allSettled([build.ready, starting])
    if (started.status === 'fulfilled') devnet = started.value
    for (const result of [built, started]) if (result.status === 'rejected') throw result.reason
    app = startProcess('playground', [nextBin, 'start', '-H', '127.0.0.1', '-p', String(appPort)], {
      cwd: playgroundDir,
      env: { ...env, RTEVM_RPC_URL: devnet!.rpcUrl, RTEVM_INDEXER_URL: devnet!.graphqlUrl },
      isReady: (line) => line.includes('Ready in'),
      timeoutMs: 30_000,
      echo: false,
    })
    await app.ready
    browser = await launchChromium()
    return { url: `http://127.0.0.1:${appPort}`, rpcUrl: devnet!.rpcUrl, browser, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
