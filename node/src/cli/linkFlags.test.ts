import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'

const bin = fileURLToPath(new URL('../../bin/rtevm.mjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'rtevm-link-flags-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `rtevm` in a scratch directory with no RTEVM_* variables; resolves with its exit code and stderr. */
function rtevm(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('RTEVM_')))
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: dir, env, timeout: 30_000 }, (error, _stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
    )
  })
}

it('the sequencer refuses an open link beyond loopback with one line naming the flag', async () => {
  const { code, stderr } = await rtevm('sequencer', '--host', '0.0.0.0', '--data-dir', '')
  expect(code).toBe(1)
  expect(stderr.trimEnd().split('\n')).toEqual([
    'rtevm: refusing to open the link on 0.0.0.0 without credentials: set --link-peers <file> (env RTEVM_LINK_PEERS), or bind 127.0.0.1 with --host',
  ])
})
