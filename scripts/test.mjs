// The whole test suite: typecheck, lint, then vitest. Ends with the line CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1

let passed = 0
let failed = 0
const step = (name, status) => {
  if (status === 0) passed++
  else {
    failed++
    console.error(`✗ ${name} failed (exit ${status}); run it alone to see why: pnpm ${name}`)
  }
}

// System packages the suites drive (Postgres server, Chromium): installed when missing and
// possible (root or sudo with apt); otherwise stop now with the one command to run.
if (run('bash', [join('scripts', 'setup-system.sh')]) !== 0) {
  console.log('0 passed, 1 failed')
  process.exit(1)
}

// Generated sources (contract artifacts and their typed ABIs) come first: the typecheck reads them.
for (const app of ['playground', 'explorer']) {
  if (existsSync(join(app, 'scripts', 'generate.mjs')))
    step(`generate ${app}`, run('node', [join(app, 'scripts', 'generate.mjs')]))
}
step('typecheck', run('tsc', ['-b', 'protocol', 'node', 'rpc-edge', 'indexer', 'testkit']))
// The Next.js apps are not composite projects: each is checked on its own.
for (const app of ['playground', 'explorer']) {
  if (existsSync(join(app, 'tsconfig.json'))) step(`typecheck ${app}`, run('tsc', ['-p', app, '--noEmit']))
}
// bench/ (the runner and the devnet suite) is not composite either.
step('typecheck bench', run('tsc', ['-p', 'bench', '--noEmit']))
// Lint is biome plus the dependency rules (no cycles, node/'s layers, package exports): .dependency-cruiser.cjs.
const biome = run('biome', ['check', '.'])
const dependencyRules = run('depcruise', [
  ...['protocol', 'node', 'rpc-edge', 'indexer', 'testkit', 'explorer', 'playground', 'bench', 'scripts'],
  ...['--config', '.dependency-cruiser.cjs'],
])
step('lint', biome || dependencyRules)

const report = join(mkdtempSync(join(tmpdir(), 'rtevm-test-')), 'vitest.json')
const vitest = run('vitest', [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
])
try {
  const result = JSON.parse(readFileSync(report, 'utf8'))
  passed += result.numPassedTests
  failed += result.numFailedTests + (result.numFailedTestSuites ?? 0)
} catch {
  failed++
  console.error(`✗ vitest wrote no report (exit ${vitest}); run pnpm exec vitest run to see why`)
}
if (vitest !== 0 && failed === 0) failed++
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
