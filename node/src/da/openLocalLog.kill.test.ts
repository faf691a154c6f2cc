import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { encodeStreamEvent } from '@rtevm/protocol'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openLocalLog } from './openLocalLog.ts'
import { sampleKillTestEvent } from './sampleEvents.ts'

const here = dirname(fileURLToPath(import.meta.url))
const KILLS = 6

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtevm-da-kill-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Runs the appending child until it has acknowledged `acks` appends, SIGKILLs it, returns the highest ack. */
function appendThenKill(acks: number): Promise<bigint> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'appendUntilKilled.fixture.ts'), dir],
      {
        cwd: join(here, '../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let highest = 0n
    let count = 0
    let pending = ''
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString()
      const lines = pending.split('\n')
      pending = lines.pop()!
      for (const line of lines) {
        if (!line.startsWith('ack ')) continue
        const seq = BigInt(line.slice(4))
        if (seq > highest) highest = seq
        if (++count === acks) child.kill('SIGKILL')
      }
    })
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(highest)
      else reject(new Error(`child exited on its own: ${stderr}`))
    })
  })
}

it(`keeps every acknowledged append across ${KILLS} SIGKILLs`, async () => {
  const seed = Date.now() % 100_000
  let x = seed || 1
  const random = () => {
    x = (x * 48271) % 2147483647
    return x / 2147483647
  }
  let acknowledged = 0n
  for (let round = 0; round < KILLS; round++) {
    const highest = await appendThenKill(20 + Math.floor(random() * 400))
    if (highest > acknowledged) acknowledged = highest

    const log = await openLocalLog({ dir, segmentBytes: 32 * 1024 })
    const context = `seed ${seed}, round ${round}`
    expect(log.lastSeq(), context).toBeGreaterThanOrEqual(acknowledged)
    let expected = 1n
    for await (const event of log.readFrom(1n)) {
      expect(event.seq, context).toBe(expected)
      expect(encodeStreamEvent(event), context).toEqual(encodeStreamEvent(sampleKillTestEvent(expected)))
      expected++
    }
    expect(expected - 1n, context).toBe(log.lastSeq())
    await log.close()
  }
}, 120_000)
