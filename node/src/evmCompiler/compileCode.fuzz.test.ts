import fc from 'fast-check'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createBackgroundCompiler } from './createBackgroundCompiler.ts'
import { createDifferential, expectSameOutcome, SENDER } from './differentialTestSupport.ts'
import { createCompilerStats } from './installCompiler.ts'
import { EDGE_WORDS, PROGRAM_A, PROGRAM_B, randomProgram } from './randomProgramTestSupport.ts'

const call = fc.record({
  data: fc.uint8Array({ maxLength: 70 }),
  value: fc.constantFrom(0n, 0n, 1n),
  // From below the intrinsic cost up to enough for most programs: out of gas lands everywhere.
  gasLimit: fc.oneof(fc.bigInt({ min: 21_000n, max: 60_000n }), fc.bigInt({ min: 60_000n, max: 400_000n })),
  to: fc.constantFrom(PROGRAM_A, PROGRAM_A, PROGRAM_A, PROGRAM_B),
})

describe('compiled EVM code', () => {
  it('gives exactly what the interpreter gives for random programs', async () => {
    const stats = createCompilerStats()
    await fc.assert(
      fc.asyncProperty(
        randomProgram,
        randomProgram,
        fc.array(call, { minLength: 1, maxLength: 3 }),
        async (a, b, calls) => {
          const differential = await createDifferential(
            [
              { address: SENDER, code: new Uint8Array(0), balance: 10n ** 21n },
              {
                address: PROGRAM_A,
                code: a,
                balance: 1000n,
                storage: [
                  [0n, 1n],
                  [1n, 0n],
                  [2n, 7n],
                ],
              },
              { address: PROGRAM_B, code: b, storage: [[0n, 5n]] },
            ],
            stats,
          )
          for (const tx of calls) {
            const before = stats.compiledGas + stats.interpretedGas
            const { executionGasUsed } = await expectSameOutcome(differential, tx)
            // Each frame's own gas, summed over the nested frames, is the transaction's execution gas.
            expect(stats.compiledGas + stats.interpretedGas - before).toBe(executionGasUsed ?? 0n)
          }
        },
      ),
      { numRuns: 300, seed: 16_2026 },
    )
    // The property means something only if frames really ran compiled (each
    // fresh VM interprets its first frame: that is where the seam finds the
    // Interpreter class).
    expect(stats.compiledFrames).toBeGreaterThan(200)
  })

  it('computes every inlined opcode like the interpreter on edge-case operands, compiled on the worker', async () => {
    const stats = createCompilerStats()
    const background = createBackgroundCompiler()
    onTestFinished(() => background.close())
    // ADD MUL SUB DIV MOD LT GT SLT SGT EQ AND OR XOR BYTE SHL SHR, ISZERO NOT
    const binary = [
      0x01, 0x02, 0x03, 0x04, 0x06, 0x10, 0x11, 0x12, 0x13, 0x14, 0x16, 0x17, 0x18, 0x1a, 0x1b, 0x1c,
    ]
    for (const op of [...binary, 0x15, 0x19]) {
      const code: number[] = []
      let slot = 0
      for (const a of EDGE_WORDS) {
        for (const b of binary.includes(op) ? EDGE_WORDS : [0n]) {
          code.push(...push32(b), ...push32(a), op, 0x61, slot >> 8, slot & 0xff, 0x52)
          slot += 32
        }
      }
      code.push(0x61, slot >> 8, slot & 0xff, 0x5f, 0xf3) // RETURN all results
      const program = Uint8Array.from(code)
      const differential = await createDifferential(
        [
          { address: SENDER, code: new Uint8Array(0), balance: 10n ** 21n },
          { address: PROGRAM_A, code: program },
        ],
        stats,
        background,
      )
      // The first frame finds EthereumJS's Interpreter class, the second queues the code, the third runs it compiled.
      for (let i = 0; i < 3; i++) {
        await background.idle()
        await expectSameOutcome(differential, {
          to: PROGRAM_A,
          data: new Uint8Array(0),
          value: 0n,
          gasLimit: 5_000_000n,
        })
      }
    }
    expect(stats.compiledFrames).toBe(18)
  })
})

function push32(value: bigint): number[] {
  return [0x7f, ...Array.from({ length: 32 }, (_, i) => Number((value >> BigInt((31 - i) * 8)) & 255n))]
}
