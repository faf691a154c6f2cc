import { describe, expect, it, onTestFinished, vi } from 'vitest'
import type { CompiledCode } from './compileCode.ts'
import { type BackgroundCompiler, createBackgroundCompiler } from './createBackgroundCompiler.ts'
import { createDifferential, expectSameOutcome, SENDER } from './differentialTestSupport.ts'
import { createCompilerStats } from './installCompiler.ts'
import { PROGRAM_A } from './randomProgramTestSupport.ts'
import type { ForkOpcodeTable } from './runCompileWorker.ts'

// 2 + 3, stored at memory 0 and returned; then a second entry point behind a JUMPDEST.
const PROGRAM = Uint8Array.from([
  0x60, 0x02, 0x60, 0x03, 0x01, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3, 0x5b, 0x00,
])
const CALL = { to: PROGRAM_A, data: new Uint8Array(0), value: 0n, gasLimit: 100_000n } as const
const TABLE: ForkOpcodeTable = Array.from({ length: 256 }, () => ({
  fee: 3,
  dynamicGas: false,
  isAsync: false,
}))

function startCompiler(): BackgroundCompiler {
  const background = createBackgroundCompiler()
  onTestFinished(() => background.close())
  return background
}

async function differentialWith(background: BackgroundCompiler) {
  const stats = createCompilerStats()
  const world = [
    { address: SENDER, code: new Uint8Array(0), balance: 10n ** 21n },
    { address: PROGRAM_A, code: PROGRAM },
  ]
  return { stats, differential: await createDifferential(world, stats, background) }
}

describe('compiling in the background', () => {
  it('interprets the frame that makes code hot and runs it compiled once the worker has it', async () => {
    const background = startCompiler()
    const { stats, differential } = await differentialWith(background)
    await expectSameOutcome(differential, CALL) // finds EthereumJS's Interpreter class
    await expectSameOutcome(differential, CALL) // reaches the threshold: queued, interpreted
    expect(stats).toMatchObject({ compiledFrames: 0, interpretedFrames: 2 })
    await background.idle()
    await expectSameOutcome(differential, CALL)
    await expectSameOutcome(differential, CALL)
    expect(stats).toMatchObject({ compiledFrames: 2, interpretedFrames: 2 })
  })

  it('never makes a frame wait for compilation', async () => {
    // A compiler that accepts code and never answers: frames must still complete, interpreted.
    const requested: string[] = []
    const stalled: BackgroundCompiler = {
      schedule: (key) => requested.push(key) > 0,
      idle: () => new Promise(() => {}),
      close: async () => {},
    }
    const { stats, differential } = await differentialWith(stalled)
    for (let i = 0; i < 4; i++) await expectSameOutcome(differential, CALL)
    expect(stats).toMatchObject({ compiledFrames: 0, interpretedFrames: 4 })
    expect(new Set(requested).size).toBe(1)
  })

  it('leaves code the worker fails to compile interpreted', async () => {
    const background = startCompiler()
    // An opcode table the code generator cannot read (a bigint fee): the worker's compile throws.
    const failing: BackgroundCompiler = {
      ...background,
      schedule: (key, code, fork, done) =>
        background.schedule(
          key,
          code,
          fork.map((entry) => entry && { ...entry, fee: BigInt(entry.fee) as unknown as number }),
          done,
        ),
    }
    const { stats, differential } = await differentialWith(failing)
    for (let i = 0; i < 2; i++) await expectSameOutcome(differential, CALL)
    await background.idle()
    for (let i = 0; i < 2; i++) await expectSameOutcome(differential, CALL)
    expect(stats).toMatchObject({ compiledFrames: 0, interpretedFrames: 4 })
  })

  it('loads a finished compile only once its owner is idle', async () => {
    let busy = true
    let asked = 0
    const idle = () => {
      asked++
      return !busy
    }
    const background = createBackgroundCompiler({ idle, maxLoadDelayMs: 60_000 })
    onTestFinished(() => background.close())
    const results: (CompiledCode | null)[] = []
    background.schedule('a', PROGRAM, TABLE, (compiled) => results.push(compiled))
    // `idle` is asked only about a finished compile: asked again and again, it is waiting to be loaded.
    await vi.waitFor(() => expect(asked).toBeGreaterThan(3), { timeout: 30_000 })
    expect(results).toEqual([])
    busy = false
    await background.idle()
    expect(results.map((compiled) => typeof compiled)).toEqual(['function'])
  })

  it('loads a finished compile anyway once it has waited maxLoadDelayMs', async () => {
    const background = createBackgroundCompiler({ idle: () => false, maxLoadDelayMs: 0 })
    onTestFinished(() => background.close())
    const results: (CompiledCode | null)[] = []
    for (const key of ['a', 'b'])
      background.schedule(key, PROGRAM, TABLE, (compiled) => results.push(compiled))
    await background.idle()
    expect(results.map((compiled) => typeof compiled)).toEqual(['function', 'function'])
  })

  it('queues a code once, declines beyond its limit and after close', async () => {
    const background = createBackgroundCompiler({ queueLimit: 2 })
    onTestFinished(() => background.close())
    const results: (CompiledCode | null)[] = []
    const done = (compiled: CompiledCode | null) => results.push(compiled)
    expect(background.schedule('a', PROGRAM, TABLE, done)).toBe(true)
    expect(background.schedule('a', PROGRAM, TABLE, done)).toBe(false)
    expect(background.schedule('b', PROGRAM, TABLE, done)).toBe(true)
    expect(background.schedule('c', PROGRAM, TABLE, done)).toBe(false)
    await background.idle()
    expect(results.map((compiled) => typeof compiled)).toEqual(['function', 'function'])
    expect(background.schedule('c', PROGRAM, TABLE, done)).toBe(true)
    await background.close()
    await background.idle()
    expect(results).toHaveLength(2)
    expect(background.schedule('d', PROGRAM, TABLE, done)).toBe(false)
  })
})
