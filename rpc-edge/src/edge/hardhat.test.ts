import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge } from './edgeTestSupport.ts'

const PROJECT = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/hardhat-project')
const HARDHAT = join(
  dirname(createRequire(import.meta.url).resolve('hardhat/package.json')),
  'internal/cli/bootstrap.js',
)

let t: TestEdge
let scratch: string
beforeEach(async () => {
  t = await startTestEdge({}, { blockIntervalMs: 2 ** 31 - 1 })
  scratch = await mkdtemp(join(tmpdir(), 'rtevm-hardhat-'))
})
afterEach(async () => {
  await t.close()
  await rm(scratch, { recursive: true, force: true })
})

/** `hardhat <args>` in the fixture project against the edge; resolves with its output whatever the exit. */
function hardhat(...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [HARDHAT, ...args],
      {
        cwd: PROJECT,
        timeout: 60_000,
        env: {
          PATH: process.env.PATH,
          HOME: scratch,
          RTEVM_URL: t.edge.url,
          HARDHAT_SCRATCH: scratch,
          HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true',
          CI: 'true',
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    )
  })
}

describe('a Hardhat project whose tests use loadFixture', () => {
  it('passes with `hardhat test --network rtevm` (evm_snapshot / evm_revert under the hood)', async () => {
    const { code, output } = await hardhat('test', '--network', 'rtevm', '--no-compile')
    expect(output).toMatch(/3 passing/)
    expect(code).toBe(0)
  }, 90_000)
})
