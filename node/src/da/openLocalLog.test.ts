import { readdirSync, readFileSync } from 'node:fs'
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeStreamEvent, type StreamEvent } from '@rtevm/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LogClosedError, LogCorruptError, LogSequenceError, LogWriteError } from './errors.ts'
import { openLocalLog } from './openLocalLog.ts'
import { sampleKillTestEvent } from './sampleEvents.ts'
import { frameRecord, RECORD_HEADER_BYTES, SEGMENT_HEADER } from './segmentFormat.ts'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtevm-da-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const event = sampleKillTestEvent

async function appendAll(log: Awaited<ReturnType<typeof openLocalLog>>, from: bigint, to: bigint) {
  const appends: Promise<void>[] = []
  for (let seq = from; seq <= to; seq++) appends.push(log.append(event(seq)))
  await Promise.all(appends)
}

async function readAll(log: Awaited<ReturnType<typeof openLocalLog>>, from: bigint): Promise<StreamEvent[]> {
  const events: StreamEvent[] = []
  for await (const e of log.readFrom(from)) events.push(e)
  return events
}

async function segmentFiles(): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.seg')).sort()
}

describe('openLocalLog', () => {
  it('round-trips events across segment rotation and reopen', async () => {
    const log = await openLocalLog({ dir, segmentBytes: 4096 })
    await appendAll(log, 1n, 300n)
    expect(log.lastSeq()).toBe(300n)
    expect((await segmentFiles()).length).toBeGreaterThan(3)
    const events = await readAll(log, 1n)
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 300 }, (_, i) => BigInt(i + 1)))
    for (const e of events) expect(encodeStreamEvent(e)).toEqual(encodeStreamEvent(event(e.seq)))
    expect((await readAll(log, 157n)).map((e) => e.seq)[0]).toBe(157n)
    await log.close()

    const reopened = await openLocalLog({ dir, segmentBytes: 4096 })
    expect(reopened.lastSeq()).toBe(300n)
    expect(reopened.truncatedBytes).toBe(0)
    await appendAll(reopened, 301n, 320n)
    expect((await readAll(reopened, 290n)).map((e) => e.seq)).toEqual(
      Array.from({ length: 31 }, (_, i) => BigInt(290 + i)),
    )
    await reopened.close()
  })

  it('resolves each append only after its record is written, in few batches', async () => {
    // Small preallocation: the check below reads the whole file after every append.
    const log = await openLocalLog({ dir, preallocateBytes: 16 * 1024 })
    const seen: bigint[] = []
    const appends = Array.from({ length: 200 }, (_, i) => {
      const seq = BigInt(i + 1)
      return log.append(event(seq)).then(() => {
        // The record must already be in the file when its promise resolves.
        const files = readdirSync(dir).filter((name) => name.endsWith('.seg'))
        const bytes = readFileSync(join(dir, files[0]))
        expect(countRecords(bytes)).toBeGreaterThanOrEqual(i + 1)
        expect(log.lastSeq()).toBeGreaterThanOrEqual(seq)
        seen.push(seq)
      })
    })
    await Promise.all(appends)
    expect(seen.length).toBe(200)
    expect(log.stats().appends).toBe(200)
    expect(log.stats().batches).toBeLessThan(10)
    await log.close()
  })

  it('keeps zeros written ahead of the last record, cuts them on a clean close and after a crash', async () => {
    const log = await openLocalLog({ dir, preallocateBytes: 64 * 1024 })
    await appendAll(log, 1n, 20n)
    const [name] = await segmentFiles()
    // Written and synced in the background; the next append waits for nothing.
    await new Promise((resolve) => setTimeout(resolve, 200))
    const live = await readFile(join(dir, name))
    let end = SEGMENT_HEADER.length
    for (let seq = 1n; seq <= 20n; seq++) end += frameRecord(encodeStreamEvent(event(seq))).length
    expect(live.length).toBeGreaterThanOrEqual(end + 32 * 1024)
    expect(live.subarray(end).every((byte) => byte === 0)).toBe(true)
    // A crash leaves the zeros (and maybe a record cut short in them): recovery cuts back to the last whole record.
    const crashed = Buffer.concat([
      live.subarray(0, end),
      frameRecord(encodeStreamEvent(event(21n))).subarray(0, 30),
    ])
    await writeFile(join(dir, name), Buffer.concat([crashed, Buffer.alloc(4096)]))
    await log.close().catch(() => {})
    await writeFile(join(dir, name), Buffer.concat([crashed, Buffer.alloc(4096)]))
    const reopened = await openLocalLog({ dir, preallocateBytes: 64 * 1024 })
    expect(reopened.lastSeq()).toBe(20n)
    expect(reopened.truncatedBytes).toBe(30 + 4096)
    await appendAll(reopened, 21n, 25n)
    await reopened.close()
    expect((await readFile(join(dir, name))).length).toBe(
      end +
        [21n, 22n, 23n, 24n, 25n].reduce(
          (n, seq) => n + frameRecord(encodeStreamEvent(event(seq))).length,
          0,
        ),
    )
  })

  it('rejects an append whose seq does not follow', async () => {
    const log = await openLocalLog({ dir })
    await log.append(event(1n))
    await expect(log.append(event(3n))).rejects.toBeInstanceOf(LogSequenceError)
    await log.append(event(2n))
    await log.close()
  })

  it('fails the batch when a write fails, and accepts nothing after', async () => {
    const log = await openLocalLog({ dir })
    // A directory where the first segment must go makes creating it fail.
    await mkdir(join(dir, '00000000000000000001.seg'))
    const first = log.append(event(1n))
    const second = log.append(event(2n))
    await expect(first).rejects.toBeInstanceOf(LogWriteError)
    await expect(second).rejects.toBeInstanceOf(LogWriteError)
    await expect(log.append(event(3n))).rejects.toBeInstanceOf(LogClosedError)
    expect(log.lastSeq()).toBe(0n)
    await log.close()
  })

  it('cuts a torn tail on open and keeps appending after it', async () => {
    const log = await openLocalLog({ dir })
    await appendAll(log, 1n, 10n)
    await log.close()
    const [file] = await segmentFiles()
    const torn = frameRecord(encodeStreamEvent(event(11n)))
    await appendFile(join(dir, file), torn.subarray(0, torn.length - 7))

    const reopened = await openLocalLog({ dir })
    expect(reopened.lastSeq()).toBe(10n)
    expect(reopened.truncatedBytes).toBe(torn.length - 7)
    await reopened.append(event(11n))
    await reopened.close()
    const again = await openLocalLog({ dir })
    expect(again.lastSeq()).toBe(11n)
    expect((await readAll(again, 1n)).length).toBe(11)
    await again.close()
  })

  it('cuts a tail of zeros and a last record with a bad checksum', async () => {
    const log = await openLocalLog({ dir })
    await appendAll(log, 1n, 5n)
    await log.close()
    const path = join(dir, (await segmentFiles())[0])
    await appendFile(path, new Uint8Array(300))
    expect((await openReport()).lastSeq).toBe(5n)

    const last = frameRecord(encodeStreamEvent(event(6n)))
    last[last.length - 1] ^= 0xff
    await appendFile(path, last)
    expect(await openReport()).toEqual({ lastSeq: 5n, truncatedBytes: last.length })
  })

  it('refuses to open when a record in the middle is corrupt', async () => {
    const log = await openLocalLog({ dir })
    await appendAll(log, 1n, 20n)
    await log.close()
    const path = join(dir, (await segmentFiles())[0])
    const bytes = await readFile(path)
    const offset = recordOffset(bytes, 7) + RECORD_HEADER_BYTES + 5
    bytes[offset] ^= 0x01
    await writeFile(path, bytes)
    const error = await openLocalLog({ dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LogCorruptError)
    expect((error as LogCorruptError).offset).toBe(recordOffset(bytes, 7))
  })

  it('refuses to open when an older segment is cut short or a segment is missing', async () => {
    const log = await openLocalLog({ dir, segmentBytes: 2048 })
    await appendAll(log, 1n, 100n)
    await log.close()
    const files = await segmentFiles()
    const first = join(dir, files[0])
    const bytes = await readFile(first)
    await writeFile(first, bytes.subarray(0, bytes.length - 3))
    await expect(openLocalLog({ dir })).rejects.toBeInstanceOf(LogCorruptError)
    await writeFile(first, bytes)
    await rm(join(dir, files[1]))
    await expect(openLocalLog({ dir })).rejects.toBeInstanceOf(LogCorruptError)
  })

  it('prunes whole segments before a seq and keeps reading after them', async () => {
    const log = await openLocalLog({ dir, segmentBytes: 2048 })
    await appendAll(log, 1n, 100n)
    const before = (await segmentFiles()).length
    const removed = await log.pruneBefore(60n)
    expect(removed).toBeGreaterThan(0)
    expect((await segmentFiles()).length).toBe(before - removed)
    expect(log.firstSeq()).toBeLessThanOrEqual(60n)
    expect((await readAll(log, 60n)).length).toBe(41)
    await expect(readAll(log, 1n)).rejects.toBeInstanceOf(LogSequenceError)
    await log.close()
    const reopened = await openLocalLog({ dir })
    expect(reopened.firstSeq()).toBe(log.firstSeq())
    await reopened.close()
  })
})

async function openReport() {
  const log = await openLocalLog({ dir })
  const report = { lastSeq: log.lastSeq(), truncatedBytes: log.truncatedBytes }
  await log.close()
  return report
}

/** Byte offset of the `index`-th record (from 0) of a segment file. */
function recordOffset(bytes: Uint8Array, index: number): number {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
  let at = SEGMENT_HEADER.length
  for (let i = 0; i < index; i++) at += RECORD_HEADER_BYTES + view.readUInt32LE(at)
  return at
}

function countRecords(bytes: Buffer): number {
  let count = 0
  for (let at = SEGMENT_HEADER.length; at + RECORD_HEADER_BYTES <= bytes.length; count++) {
    at += RECORD_HEADER_BYTES + bytes.readUInt32LE(at)
    if (at > bytes.length) break
  }
  return count
}
