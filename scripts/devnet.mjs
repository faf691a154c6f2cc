#!/usr/bin/env node
// `pnpm start`: the devnet supervisor. Runs the sequencer and the RPC edge (one
// process by default; whose banner it prints: accounts, JSON-RPC endpoints), then
// a full node, the verifier pool and the indexer together, and the Next.js apps
// (built when missing or stale, with progress); stops them all on Ctrl-C /
// SIGTERM and exits 0, or non-zero with a clear message if any dies. Configure with the RTEVM_* environment
// variables (`node node/bin/rtevm.mjs sequencer --help`, `node rpc-edge/bin/rtevm-edge.mjs --help`).
// The services run compiled (scripts/lib/buildServices.mjs, redone when their sources change).
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { setPriority, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { buildAppIfNeeded } from './lib/buildApp.mjs'
import { buildServicesIfNeeded } from './lib/buildServices.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const READY_LINE = 'Listening.'
// Generous: a loaded 2-core machine (CI, parallel tests) can take a minute to start the indexer.
const STARTUP_TIMEOUT_MS = 180_000

const env = { ...process.env }
// Per-block lines from the services are off unless asked for: `pnpm start --verbose` or RTEVM_LOG_LEVEL=debug.
if (process.argv.includes('--verbose')) env.RTEVM_LOG_LEVEL = 'debug'
// `pnpm start --profile production` is RTEVM_PROFILE=production: every service reads it (protocol/src/profile).
const profileFlag = process.argv.indexOf('--profile')
if (profileFlag !== -1) env.RTEVM_PROFILE = process.argv[profileFlag + 1] ?? ''
// The edge follows the sequencer's link wherever the environment put it.
env.RTEVM_SEQUENCER ??= `ws://${env.RTEVM_HOST || '127.0.0.1'}:${env.RTEVM_LINK_PORT || '9545'}`
// A fresh chain per start, as anvil does (receipts still wait for the log on disk);
// set RTEVM_DATA_DIR to keep the chain across restarts.
if (env.RTEVM_DATA_DIR === undefined) {
  const fresh = mkdtempSync(join(tmpdir(), 'rtevm-devnet-'))
  env.RTEVM_DATA_DIR = fresh
  process.on('exit', () => rmSync(fresh, { recursive: true, force: true }))
}
const FULL_NODE_PORT = env.RTEVM_FULLNODE_PORT || '9546'
/**
 * By default the edge runs the sequencer in its own process and reaches it without a socket (the
 * fastest arrangement on one machine); RTEVM_TOPOLOGY=separate runs each as its own process, as a
 * scaled-out deployment does. Followers use the sequencer's link either way.
 */
const SEPARATE = env.RTEVM_TOPOLOGY === 'separate'
const RPC_URL = `http://${env.RTEVM_RPC_HOST || '127.0.0.1'}:${env.RTEVM_RPC_PORT || '8545'}`
const INDEXER_URL = `http://${env.RTEVM_INDEXER_HOST || '127.0.0.1'}:${env.RTEVM_INDEXER_PORT || '42069'}/graphql`
// The indexer keeps its database beside the chain's data, so a fresh chain gets a fresh index.
// With RTEVM_DATA_DIR="" (nothing on disk) the index stays in memory too.
const INDEXER_ARGS = env.RTEVM_DATA_DIR === '' && !env.RTEVM_INDEXER_DATA_DIR ? ['--data-dir', ''] : []
if (env.RTEVM_DATA_DIR !== '') env.RTEVM_INDEXER_DATA_DIR ??= join(env.RTEVM_DATA_DIR, 'indexer')
env.RTEVM_INDEXER_RPC_URL ??= RPC_URL
env.RTEVM_FULLNODE_BATCH_MS ??= '20'
// The indexer keeps its own default (10 ms batches): the explorer's transaction and token pages read
// it, so a page opened right after a send must find the transaction. Measured on 2 cores it spends
// ~1.1 ms of CPU per ETH transfer that way and ~0.4 ms with RTEVM_INDEXER_STREAM_BATCH_MS=100.
// The apps read these at request time, so one build serves any ports.
env.RTEVM_RPC_URL ??= RPC_URL
env.RTEVM_INDEXER_URL ??= INDEXER_URL
/** The Next.js apps: built on first start, then served by `next start`. `RTEVM_EXPLORER=off` skips one. */
const APPS = [
  { name: 'explorer', dir: 'explorer', switch: 'RTEVM_EXPLORER', port: env.RTEVM_EXPLORER_PORT || '3000' },
  {
    name: 'playground',
    dir: 'playground',
    switch: 'RTEVM_PLAYGROUND',
    port: env.RTEVM_PLAYGROUND_PORT || '3001',
  },
].filter((app) => existsSync(join(root, app.dir, 'next.config.ts')))
// The production profile refuses CORS open to every origin: here the browsers calling JSON-RPC and GraphQL
// are this devnet's own apps, so their origins are the list unless the environment names others.
if (env.RTEVM_PROFILE === 'production') {
  const appOrigins = APPS.map((app) => `http://127.0.0.1:${app.port},http://localhost:${app.port}`).join(',')
  env.RTEVM_RPC_CORS_ORIGIN ||= appOrigins
  env.RTEVM_INDEXER_CORS_ORIGIN ||= appOrigins
}

/**
 * Niceness of the services users do not wait on (full node, verifier, indexer, apps). On a small
 * machine they wake on every mini-block beside the sequencer and edge; lower priority lets a send's
 * path run first, and they catch up in the idle time between. RTEVM_BACKGROUND_NICE=0 turns it off.
 */
const BACKGROUND_NICE = Number(env.RTEVM_BACKGROUND_NICE ?? 5)

/** Extra Node.js options for every service, e.g. RTEVM_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile. */
const NODE_ARGS = (env.RTEVM_NODE_ARGS ?? '').split(' ').filter(Boolean)

const children = new Map()
let stopping = false

function start(
  name,
  script,
  args,
  { quietUntilReady, cwd = root, isReadyLine = (line) => line.startsWith(READY_LINE), background = false },
) {
  const child = spawn(process.execPath, [...NODE_ARGS, script, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches only this supervisor, which stops the services in order.
    detached: true,
  })
  children.set(name, child)
  if (background && BACKGROUND_NICE > 0 && child.pid !== undefined) {
    try {
      setPriority(child.pid, BACKGROUND_NICE)
    } catch {
      // Not permitted here (some containers): the service runs at normal priority.
    }
  }
  const ready = new Promise((resolve, reject) => {
    let isReady = false
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within ${STARTUP_TIMEOUT_MS / 1000} s`)),
      STARTUP_TIMEOUT_MS,
    )
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === '') return
      if (!isReady && isReadyLine(line)) {
        isReady = true
        clearTimeout(timer)
        resolve()
        if (quietUntilReady) return
      }
      if (isReady && quietUntilReady) console.log(`[${name}] ${line}`)
      else if (!quietUntilReady) console.log(line)
    })
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (line !== '') console.error(`[${name}] ${line}`)
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      children.delete(name)
      if (stopping) {
        if (children.size === 0) process.exit(stopping === true ? 0 : 1)
        return
      }
      const why = signal ? `was killed by ${signal}` : `exited with code ${code}`
      reject(new Error(`${name} ${why}`))
      fail(`${name} ${why}; stopping the devnet`)
    })
  })
  return ready
}

/** A child that is not a service (an app's build): stopped with the others, forgotten when it ends. */
function track(name, child) {
  children.set(name, child)
  child.on('exit', () => {
    children.delete(name)
    if (stopping && children.size === 0) process.exit(stopping === true ? 0 : 1)
  })
}

function say(message) {
  console.log(`rtevm devnet: ${message}`)
}

function startApp(app) {
  env.NEXT_TELEMETRY_DISABLED = '1'
  return start(app.name, nextBin(app), ['start', '-H', '127.0.0.1', '-p', app.port], {
    quietUntilReady: false,
    cwd: join(root, app.dir),
    isReadyLine: (line) => line.includes('Ready in'),
    background: true,
  })
}

/** The playground deploys its contracts (order book, tokens, arena) on its first `/api/contracts`: do it now. */
async function deployPlaygroundContracts(app) {
  const response = await fetch(`http://127.0.0.1:${app.port}/api/contracts`)
  const body = await response.json()
  if (!response.ok) throw new Error(`deploying the playground's contracts failed: ${body.error}`)
  console.log(
    `rtevm devnet: playground contracts: order book ${body.orderBook}, arena ${body.arena}, tokens ${body.baseToken} ${body.quoteToken}`,
  )
}

/** Each app resolves its own `next`, from its package's dependencies. */
function nextBin(app) {
  return join(root, app.dir, 'node_modules', 'next', 'dist', 'bin', 'next')
}

function stopAll(signal) {
  stopping = true
  for (const child of children.values()) child.kill(signal)
  if (children.size === 0) process.exit(0)
  // Do not hang on a child that ignores the signal.
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL')
    process.exit(stopping === true ? 0 : 1)
  }, 5_000).unref()
}

function fail(message) {
  if (stopping) return
  console.error(`\nrtevm devnet: ${message}`)
  stopping = 'failed'
  for (const child of children.values()) child.kill('SIGTERM')
  setTimeout(() => process.exit(1), 2_000).unref()
  if (children.size === 0) process.exit(1)
}

// Services run in their own process groups: never leave one behind, however this process ends.
process.on('exit', () => {
  for (const child of children.values()) child.kill('SIGKILL')
})
// A second Ctrl-C (pnpm forwards the first one too) must not kill the supervisor mid-stop.
process.on('SIGINT', () => stopping || stopAll('SIGINT'))
process.on('SIGTERM', () => stopping || stopAll('SIGTERM'))

try {
  const services = await buildServicesIfNeeded({ root, say })
  const rtevm = join(services, 'rtevm.mjs')
  const edge = join(services, 'rtevm-edge.mjs')
  // JSON-RPC first: it is what users wait for. The followers start together behind it.
  if (SEPARATE) {
    say('starting the sequencer…')
    await start('sequencer', rtevm, ['sequencer'], { quietUntilReady: true })
    say(`sequencer link on ${env.RTEVM_SEQUENCER} (data in ${env.RTEVM_DATA_DIR}); starting the RPC edge…`)
    await start('edge', edge, [], { quietUntilReady: false })
  } else {
    say(`starting the sequencer and the RPC edge in one process (data in ${env.RTEVM_DATA_DIR})…`)
    await start('edge', edge, ['--sequencer', 'in-process'], { quietUntilReady: false })
  }
  say('starting the full node, the verifier pool and the indexer…')
  await Promise.all([
    // In batches (RTEVM_FULLNODE_BATCH_MS, default 20 here): a frame per mini-block would wake it,
    // and put a write on the sequencer's hot path, for every transaction users send.
    start('fullnode', rtevm, ['fullnode', '--follow', env.RTEVM_SEQUENCER, '--link-port', FULL_NODE_PORT], {
      quietUntilReady: true,
      background: true,
    }),
    start('verifier', rtevm, ['verifier', '--follow', env.RTEVM_SEQUENCER], {
      quietUntilReady: true,
      background: true,
    }),
    start('indexer', join(services, 'rtevm-indexer.mjs'), INDEXER_ARGS, {
      quietUntilReady: false,
      background: true,
    }),
  ])
  say(`full node relaying on ws://127.0.0.1:${FULL_NODE_PORT}; verifier pool attesting blocks`)
  for (const app of APPS) {
    if (env[app.switch] === 'off') continue
    await buildAppIfNeeded({ root, app, env, say, track: (child) => track(`${app.name} build`, child) })
    say(`starting the ${app.name} on http://127.0.0.1:${app.port}…`)
    await startApp(app)
    if (app.name === 'playground') await deployPlaygroundContracts(app)
  }
  say('up. Ctrl-C stops everything.')
} catch (error) {
  fail(error instanceof Error ? error.message : String(error))
}
