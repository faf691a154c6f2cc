// Builds a Next.js app of the workspace when its build is missing, unfinished or stale, with
// progress on the terminal. Used by `pnpm start` (scripts/devnet.mjs).
//
// A build is current when `<app>/.next/rtevm-build.json` holds the fingerprint of everything it
// was built from (the app's sources, the protocol and client packages it bundles, the lockfile). The marker is
// written only after `next build` succeeds, so a build that was interrupted or failed has none:
// its `.next` is deleted and the build starts clean.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { createInterface } from 'node:readline'
import { fingerprint } from './fingerprint.mjs'

const MARKER = 'rtevm-build.json'
/** Folders that are outputs, dependencies or test-only: they never change what `next build` makes. */
const SKIPPED = new Set(['node_modules', '.next', '.next-test', 'dist', 'test-results', 'tests', 'bench'])
/** Files `next build` itself writes into the app folder. */
const WRITTEN_BY_BUILD = /^(next-env\.d\.ts|.*\.tsbuildinfo)$/
const TICK_MS = 10_000
const LOG_TAIL_LINES = 40

/**
 * Generates what the app's sources import (contract artifacts and typed ABIs) when the app has a
 * generator: `<app>/scripts/generate.mjs`, which skips itself when its inputs are unchanged.
 */
export async function generateSources({ root, app }) {
  const script = join(root, app.dir, 'scripts', 'generate.mjs')
  if (!existsSync(script)) return
  const { code, output } = await runQuiet(process.execPath, [script], { cwd: root })
  if (code !== 0)
    throw new Error(
      `generating the ${app.name}'s sources failed:\n${output.slice(-LOG_TAIL_LINES).join('\n')}\n` +
        `run \`node ${relative(root, script)}\` to see why`,
    )
}

/**
 * Runs `next build` for `app` unless its build is current. `say` prints a progress line; `track`
 * registers the build process so the caller can stop it. Returns whether it built.
 */
export async function buildAppIfNeeded({ root, app, env, say, track }) {
  await generateSources({ root, app })
  const appDir = join(root, app.dir)
  const distDir = join(appDir, '.next')
  const fingerprint = fingerprintOf(root, app.dir)
  const built = readMarker(distDir)
  if (built?.fingerprint === fingerprint) return false
  const why = built
    ? 'its sources changed'
    : existsSync(distDir)
      ? 'the last build did not finish'
      : 'first start'
  rmSync(distDir, { recursive: true, force: true })
  say(`building the ${app.name} (${why}; about a minute)…`)
  const started = Date.now()
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`.padStart(5)
  const child = spawn(
    process.execPath,
    [join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'],
    {
      cwd: appDir,
      env: { ...env, NEXT_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  track(child)
  const log = []
  let lastShown = Date.now()
  const show = (line) => {
    lastShown = Date.now()
    say(`  ${app.name} build ${elapsed()}  ${line}`)
  }
  const onLine = (line) => {
    const text = line.trim()
    if (text === '') return
    log.push(text)
    if (log.length > LOG_TAIL_LINES) log.shift()
    // Next's step lines (▲ ✓ ○ Creating… Collecting… Generating… Finalizing…); the route table is noise.
    if (/^(▲|✓|⚠|Creating|Collecting|Generating|Finalizing|Compil|Linting|Skipping)/.test(text)) show(text)
  }
  createInterface({ input: child.stdout }).on('line', onLine)
  createInterface({ input: child.stderr }).on('line', onLine)
  const ticker = setInterval(() => {
    if (Date.now() - lastShown >= TICK_MS) show('…')
  }, 1_000)
  const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(signal ? 1 : (c ?? 1))))
  clearInterval(ticker)
  if (code !== 0) {
    rmSync(distDir, { recursive: true, force: true })
    throw new Error(
      `building the ${app.name} failed:\n${log.join('\n')}\nrun \`cd ${app.dir} && npx next build\` to see the whole output`,
    )
  }
  // Taken again after the build: a file it rewrote (tsconfig.json) must not make the next start rebuild.
  writeFileSync(
    join(distDir, MARKER),
    JSON.stringify({ fingerprint: fingerprintOf(root, app.dir), builtAt: new Date().toISOString() }),
  )
  say(`built the ${app.name} in ${elapsed().trim()}`)
  return true
}

function readMarker(distDir) {
  try {
    return JSON.parse(readFileSync(join(distDir, MARKER), 'utf8'))
  } catch {
    return undefined
  }
}

/** A hash over the paths and contents of what the build reads from the workspace. */
function fingerprintOf(root, appDir) {
  return fingerprint(root, {
    dirs: [appDir, 'protocol/src', 'client/src'],
    files: ['pnpm-lock.yaml'],
    enter: (name) => !SKIPPED.has(name),
    include: (name, path) => !WRITTEN_BY_BUILD.test(name) && statSync(path).size < 8_000_000,
  })
}

function runQuiet(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    const output = []
    const keep = (line) => {
      output.push(line)
      if (output.length > LOG_TAIL_LINES) output.shift()
    }
    createInterface({ input: child.stdout }).on('line', keep)
    createInterface({ input: child.stderr }).on('line', keep)
    child.on('exit', (code) => resolve({ code: code ?? 1, output }))
  })
}
