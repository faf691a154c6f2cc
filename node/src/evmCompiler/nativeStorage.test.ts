import { describe, expect, it } from 'vitest'
import {
  createDifferential,
  type Differential,
  expectSameOutcome,
  SENDER,
} from './differentialTestSupport.ts'
import { createCompilerStats } from './installCompiler.ts'
import { PROGRAM_A } from './randomProgramTestSupport.ts'

// SLOAD 0 (cold), SLOAD 0 (warm), SLOAD 5 (cold, empty), EXP 3^40, KECCAK256 of 40 bytes at 7
// (memory grows), summed and stored in slot 9; then slot 0 cleared and restored.
const PROGRAM = Uint8Array.from(
  [
    [0x60, 0x00, 0x54], // SLOAD 0
    [0x60, 0x00, 0x54, 0x01], // SLOAD 0, ADD
    [0x60, 0x05, 0x54, 0x01], // SLOAD 5, ADD
    [0x60, 0x28, 0x60, 0x03, 0x0a, 0x01], // EXP(3, 40), ADD
    [0x60, 0x28, 0x60, 0x07, 0x20, 0x01], // KECCAK256(7, 40), ADD
    [0x60, 0x09, 0x55], // SSTORE 9
    [0x60, 0x00, 0x60, 0x00, 0x55], // SSTORE(0, 0): clears slot 0, a refund
    [0x60, 0x0b, 0x60, 0x00, 0x55], // SSTORE(0, 11): restores it, that refund taken back and the restore refunded
    [0x00],
  ].flat(),
)

async function differentialWithProgram(): Promise<Differential> {
  const stats = createCompilerStats()
  return createDifferential(
    [
      { address: SENDER, code: new Uint8Array(0), balance: 10n ** 21n },
      { address: PROGRAM_A, code: PROGRAM, storage: [[0n, 11n]] },
    ],
    stats,
  )
}

/** Counts the state manager's own getStorage calls on one side: the path EthereumJS's SLOAD handler takes. */
function countGetStorage(side: Differential['compiled']): { calls: number } {
  const counter = { calls: 0 }
  const manager = side.vm.stateManager as { getStorage: (...args: unknown[]) => Promise<Uint8Array> }
  const original = manager.getStorage.bind(manager)
  manager.getStorage = (...args) => {
    counter.calls++
    return original(...args)
  }
  return counter
}

describe('compiled SLOAD, SSTORE, EXP and KECCAK256', () => {
  it('run storage synchronously, with the interpreter gas, refunds, warm set and result, at every gas limit', async () => {
    const differential = await differentialWithProgram()
    const call = { to: PROGRAM_A, data: new Uint8Array(0), value: 0n }
    // The first frame of a fresh VM is interpreted (it finds the Interpreter class there).
    await expectSameOutcome(differential, { ...call, gasLimit: 100_000n })
    const interpreted = countGetStorage(differential.interpreted)
    const compiled = countGetStorage(differential.compiled)
    // From plenty down through out of gas at each opcode (the storage cold/warm charges included).
    for (let gas = 80_000n; gas >= 21_000n; gas -= 97n)
      await expectSameOutcome(differential, { ...call, gasLimit: gas })
    expect(differential.stats.compiledFrames).toBeGreaterThan(500)
    expect(interpreted.calls).toBeGreaterThan(500)
    // Compiled frames read and write storage without EthereumJS's asynchronous handlers.
    console.log('ZZ', compiled.calls, interpreted.calls)
    expect(compiled.calls).toBe(0)
  })
})
