#!/usr/bin/env node
// CI: the README's start command on a fresh clone, as a newcomer runs it before anything else.
// Starts `pnpm start`, waits until JSON-RPC, GraphQL, the explorer and the playground answer,
// renders the explorer's home page and the playground's order book in Chromium (no page errors,
// no console errors), then sends Ctrl-C (SIGINT to the command's process group, as a terminal
// does) and requires exit code 0 with every port closed. Prints how long each step took.
//
//   node scripts/ci/firstStart.mjs [--timeout-s 900]
import { spawn } from 'node:child_process'
import { createConnection } from 'node:net'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const root = fileURLToPath(new URL('../..', import.meta.url))
const timeoutIndex = process.argv.indexOf('--timeout-s')
const TIMEOUT_MS = (timeoutIndex > 0 ? Number(process.argv[timeoutIndex + 1]) : 900) * 1000
const STOP_TIMEOUT_MS = 20_000
const PORTS = { rpc: 8545, graphql: 42069, explorer: 3000, playground: 3001 }
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const t0 = Date.now()
const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`
const say = (message) => console.log(`first-start: ${message}`)

const output = []
const devnet = spawn('npx', ['-y', 'pnpm@10.34.8', 'start'], {
  cwd: root,
  env: { ...process.env, CI: '1' },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true, // its own process group, like a terminal's foreground job
})
const exited = new Promise((resolve) => devnet.on('exit', (code, signal) => resolve({ code, signal })))
for (const stream of [devnet.stdout, devnet.stderr]) {
  stream.setEncoding('utf8')
  stream.on('data', (chunk) => {
    output.push(chunk)
    process.stdout.write(chunk.replace(/^(?=.)/gm, '  | '))
  })
}

async function fail(message) {
  console.error(`first-start: FAILED after ${since()}: ${message}`)
  try {
    process.kill(-devnet.pid, 'SIGKILL')
  } catch {}
  process.exit(1)
}

/** Polls `probe` until it resolves true; fails the run if the devnet exits or time runs out. */
async function until(what, probe) {
  let done = false
  void exited.then(({ code, signal }) => {
    if (!done) fail(`pnpm start exited (${signal ?? `code ${code}`}) before ${what}`)
  })
  while (Date.now() - t0 < TIMEOUT_MS) {
    if (await probe().catch(() => false)) {
      done = true
      say(`${what} after ${since()}`)
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  await fail(`timed out waiting for ${what}`)
}

const post = (url, body) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

await until('JSON-RPC answering', async () => {
  const response = await post(`http://127.0.0.1:${PORTS.rpc}`, {
    jsonrpc: '2.0',
    id: 1,
    method: 'eth_chainId',
  })
  return (await response.json()).result === '0x7a69'
})
await until('GraphQL answering', async () => {
  const response = await post(`http://127.0.0.1:${PORTS.graphql}/graphql`, { query: '{ _meta { cursor } }' })
  return (await response.json()).data?._meta?.cursor !== undefined
})
await until('the explorer answering', async () => (await fetch(`http://127.0.0.1:${PORTS.explorer}/`)).ok)
await until(
  'the playground answering',
  async () => (await fetch(`http://127.0.0.1:${PORTS.playground}/orderbook`)).ok,
)
await until('the devnet reporting up', async () => output.join('').includes('rtevm devnet: up.'))

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})
try {
  await render(`http://127.0.0.1:${PORTS.explorer}/`, '[data-testid="network-status"] .dot-up')
  await render(`http://127.0.0.1:${PORTS.playground}/orderbook`, '[data-testid=limit-buy]:not([disabled])')
} finally {
  await browser.close()
}

/** Opens `url`, waits for `selector`, and fails on any page error or console error. */
async function render(url, selector) {
  const page = await browser.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`)
  })
  try {
    await page.goto(url)
    await page.locator(selector).first().waitFor({ timeout: 60_000 })
  } catch (error) {
    await fail(`${url} did not render ${selector}: ${error instanceof Error ? error.message : error}`)
  }
  // Live pages keep working after the first paint: give late errors a moment to show.
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  if (errors.length > 0) await fail(`${url} rendered with errors:\n${errors.join('\n')}`)
  say(`${url} rendered in Chromium (${selector}) without errors`)
  await page.close()
}

say('sending Ctrl-C (SIGINT to the process group)')
const stopAt = Date.now()
process.kill(-devnet.pid, 'SIGINT')
const stopTimer = setTimeout(
  () => fail(`pnpm start did not exit within ${STOP_TIMEOUT_MS / 1000} s of Ctrl-C`),
  STOP_TIMEOUT_MS,
)
const { code, signal } = await exited
clearTimeout(stopTimer)
if (code !== 0) await fail(`pnpm start exited with ${signal ?? `code ${code}`} after Ctrl-C, not 0`)
if (output.join('').includes('ELIFECYCLE')) await fail('pnpm reported ELIFECYCLE after Ctrl-C')
for (const [name, port] of Object.entries(PORTS)) {
  if (await isListening(port)) await fail(`${name} still listens on ${port} after pnpm start exited`)
}
say(`stopped with exit code 0 in ${Date.now() - stopAt} ms; every port closed; total ${since()}`)

function isListening(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
