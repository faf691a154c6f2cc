import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/rtevm-edge.mjs', import.meta.url))

/** Runs `rtevm-edge` with `args` in an environment holding only `env` of rtevm's variables. */
function runEdge(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('RTEVM_')))
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...clean, ...env }, timeout: 100_000 },
      (error, _out, stderr) => resolve({ code: error ? (error.code as number) : 0, stderr }),
    )
  })
}

describe('rtevm-edge refuses to start', () => {
  it('with the devnet profile beyond loopback, or production without CORS origins: one line, exit 1', async () => {
    // Both refuse before binding or connecting anything.
    const [publicDevnet, openCors] = await Promise.all([
      runEdge(['--host', '0.0.0.0', '--port', '0']),
      runEdge(['--port', '0'], { RTEVM_PROFILE: 'production' }),
    ])
    expect(publicDevnet.code).toBe(1)
    expect(publicDevnet.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(publicDevnet.stderr).toMatch(
      /^rtevm-edge: refusing to bind 0\.0\.0\.0 with dev methods .* on: use --profile production \(RTEVM_PROFILE=production\), bind 127\.0\.0\.1, or pass --allow-public-devnet true/,
    )
    expect(openCors.code).toBe(1)
    expect(openCors.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(openCors.stderr).toMatch(
      /^rtevm-edge: the production profile needs explicit CORS origins: set --cors-origin/,
    )
  })
})
