import { EVMError } from '@ethereumjs/evm'
import { bigIntToBytes, bytesToBigInt } from '@ethereumjs/util'
import { CompiledCodeError } from './errors.ts'
import type { InterpreterLike, InterpreterResult, OpcodeEntry, RunState } from './ethereumJsShapes.ts'

/**
 * What compiled code calls at run time. Every helper does what EthereumJS's
 * interpreter does for the same opcode (interpreter.js `runStep`,
 * opcodes/functions.js, opcodes/gas.js `subMemUsage`), in the same order, so
 * gas, memory and errors are identical.
 */
export type CompiledRuntime = {
  /** Continues the frame in EthereumJS's interpreter from `pc`. */
  handOff(interp: InterpreterLike, pc: number): Promise<InterpreterResult>
  /** Runs one opcode through EthereumJS's gas and opcode handlers, as `runStep` does. */
  step(interp: InterpreterLike, pc: number, entry: OpcodeEntry): Promise<void>
  /** `step` for an opcode with static gas and a synchronous handler. */
  stepSync(interp: InterpreterLike, pc: number, entry: OpcodeEntry): void
  mload(rs: RunState, offset: bigint, fee: bigint): bigint
  mstore(rs: RunState, offset: bigint, value: bigint, fee: bigint): void
  mstore8(rs: RunState, offset: bigint, value: bigint, fee: bigint): void
  callDataLoad(interp: InterpreterLike, position: bigint): bigint
  stopped(rs: RunState): InterpreterResult
  caught(rs: RunState, error: unknown): InterpreterResult
  unreachable(pc: number): CompiledCodeError
}

type MemoryFees = { memoryGas: bigint; quadCoefficientDivGas: bigint }

export function createRuntime(fees: MemoryFees): CompiledRuntime {
  const { memoryGas, quadCoefficientDivGas } = fees

  function chargeMemory(rs: RunState, offset: bigint, length: bigint, fee: bigint): void {
    let gas = fee
    const words = (offset + length + 31n) / 32n
    if (words > rs.memoryWordCount) {
      let cost = words * memoryGas + (words * words) / quadCoefficientDivGas
      if (cost > rs.highestMemCost) {
        const highest = rs.highestMemCost
        rs.highestMemCost = cost
        cost -= highest
      }
      rs.memoryWordCount = words
      gas += cost
    }
    rs.interpreter.useGas(gas)
  }

  let viewed: Uint8Array | undefined
  let view: DataView | undefined

  function wordView(rs: RunState, offset: number): DataView {
    rs.memory.extend(offset, 32)
    const store = rs.memory._store
    if (store !== viewed || view === undefined) {
      viewed = store
      view = new DataView(store.buffer, store.byteOffset, store.byteLength)
    }
    return view
  }

  function prepare(interp: InterpreterLike, pc: number, entry: OpcodeEntry): RunState {
    const rs = interp._runState
    rs.programCounter = pc
    rs.opCode = entry.opcodeInfo.code
    return rs
  }

  return {
    handOff(interp, pc) {
      return interp.run(interp._runState.code, { pc })
    },
    async step(interp, pc, entry) {
      const rs = prepare(interp, pc, entry)
      const info = entry.opcodeInfo
      let gas = info.feeBigInt
      if (info.dynamicGas) gas = await entry.gasHandler(rs, gas, interp.common)
      if (info.isInvalid) throw new EVMError(EVMError.errorMessages.INVALID_OPCODE)
      interp.useGas(gas, info)
      rs.programCounter++
      if (info.isAsync) await entry.opHandler(rs, interp.common)
      else entry.opHandler(rs, interp.common)
    },
    stepSync(interp, pc, entry) {
      const rs = prepare(interp, pc, entry)
      const info = entry.opcodeInfo
      if (info.isInvalid) throw new EVMError(EVMError.errorMessages.INVALID_OPCODE)
      interp.useGas(info.feeBigInt, info)
      rs.programCounter++
      entry.opHandler(rs, interp.common)
    },
    // Memory.read/write with the word moved as four 64-bit halves instead of
    // through hex strings (bytesToBigInt, bigIntToBytes): same bytes.
    mload(rs, offset, fee) {
      chargeMemory(rs, offset, 32n, fee)
      const o = Number(offset)
      const view = wordView(rs, o)
      return (
        (view.getBigUint64(o) << 192n) |
        (view.getBigUint64(o + 8) << 128n) |
        (view.getBigUint64(o + 16) << 64n) |
        view.getBigUint64(o + 24)
      )
    },
    mstore(rs, offset, value, fee) {
      chargeMemory(rs, offset, 32n, fee)
      const o = Number(offset)
      const view = wordView(rs, o)
      view.setBigUint64(o, value >> 192n)
      view.setBigUint64(o + 8, BigInt.asUintN(64, value >> 128n))
      view.setBigUint64(o + 16, BigInt.asUintN(64, value >> 64n))
      view.setBigUint64(o + 24, BigInt.asUintN(64, value))
    },
    mstore8(rs, offset, value, fee) {
      chargeMemory(rs, offset, 1n, fee)
      rs.memory.write(Number(offset), 1, bigIntToBytes(value & 255n))
    },
    callDataLoad(interp, position) {
      if (position > interp.getCallDataSize()) return 0n
      const i = Number(position)
      const slice = interp.getCallData().subarray(i, i + 32)
      const loaded = slice.length > 0 ? slice : Uint8Array.from([0])
      const value = bytesToBigInt(loaded)
      return loaded.length < 32 ? value << (8n * BigInt(32 - loaded.length)) : value
    },
    stopped(rs) {
      return { runState: rs, exceptionError: undefined }
    },
    caught(rs, error) {
      if (!isEvmError(error)) throw error
      return { runState: rs, exceptionError: error.error === EVMError.errorMessages.STOP ? undefined : error }
    },
    unreachable(pc) {
      return new CompiledCodeError(`compiled code continued past a halting opcode at pc ${pc}`)
    },
  }
}

function isEvmError(error: unknown): error is EVMError {
  return (
    typeof error === 'object' && error !== null && (error as { errorType?: unknown }).errorType === 'EVMError'
  )
}
