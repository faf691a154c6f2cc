import { EVMError } from '@ethereumjs/evm'
import { bigIntToBytes, bytesToBigInt } from '@ethereumjs/util'
import { CompiledCodeError } from './errors.ts'
import type { InterpreterLike, InterpreterResult, OpcodeEntry, RunState } from './ethereumJsShapes.ts'
import type { NativeStorage } from './nativeStorage.ts'
import { ENVIRONMENT_STEP_OPCODES } from './opcodeTable.ts'

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
  /**
   * `step` for a copy, LOG, RETURN or REVERT (SYNC_STEP_OPCODES) with its dynamic gas computed
   * here as opcodes/gas.js does, when the fork's handler for it is synchronous;
   * false, touching nothing, when it must go through `step`.
   */
  syncStep(interp: InterpreterLike, pc: number, entry: OpcodeEntry): boolean
  /** SLOAD done synchronously (nativeStorage.ts); false when it must go through `step`. */
  sload(interp: InterpreterLike, rs: RunState, pc: number): boolean
  /** SSTORE done synchronously (nativeStorage.ts); false when it must go through `step`. */
  sstore(interp: InterpreterLike, rs: RunState, pc: number): boolean
  /** EXP after its gas (opcodes/gas.js: `fee` plus expByteGas per byte of the exponent). */
  exp(rs: RunState, base: bigint, exponent: bigint, fee: bigint): bigint
  /** KECCAK256 after its gas (`fee`, memory expansion, keccak256WordGas per word), hashing memory in place. */
  keccak(rs: RunState, offset: bigint, length: bigint, fee: bigint): bigint
  mload(rs: RunState, offset: bigint, fee: bigint): bigint
  mstore(rs: RunState, offset: bigint, value: bigint, fee: bigint): void
  mstore8(rs: RunState, offset: bigint, value: bigint, fee: bigint): void
  callDataLoad(interp: InterpreterLike, position: bigint): bigint
  stopped(rs: RunState): InterpreterResult
  caught(rs: RunState, error: unknown): InterpreterResult
  unreachable(pc: number): CompiledCodeError
}

export type RuntimeParams = {
  memoryGas: bigint
  quadCoefficientDivGas: bigint
  expByteGas: bigint
  keccak256WordGas: bigint
  copyGas: bigint
  logTopicGas: bigint
  logDataGas: bigint
  /** The SYNC_STEP_OPCODES whose handlers in this fork are synchronous. */
  syncSteps: ReadonlySet<number>
  /** The EVM's keccak (its common's custom one, as the opcode handler uses). */
  keccak256(data: Uint8Array): Uint8Array
}

const EMPTY = new Uint8Array(0)

export function createRuntime(params: RuntimeParams, storage?: NativeStorage): CompiledRuntime {
  const { memoryGas, quadCoefficientDivGas, expByteGas, keccak256WordGas, keccak256 } = params
  const { copyGas, logTopicGas, logDataGas, syncSteps } = params

  // opcodes/util.js subMemUsage: the memory expansion cost, with the run state's high-water marks moved.
  function memoryCost(rs: RunState, offset: bigint, length: bigint): bigint {
    if (length === 0n) return 0n
    const words = (offset + length + 31n) / 32n
    if (words <= rs.memoryWordCount) return 0n
    let cost = words * memoryGas + (words * words) / quadCoefficientDivGas
    if (cost > rs.highestMemCost) {
      const highest = rs.highestMemCost
      rs.highestMemCost = cost
      cost -= highest
    }
    rs.memoryWordCount = words
    return cost
  }

  // The dynamic gas of opcodes/gas.js for the copies, LOGn, RETURN and REVERT, operands peeked as there.
  function syncStepGas(interp: InterpreterLike, rs: RunState, op: number): bigint {
    if (ENVIRONMENT_STEP_OPCODES.has(op)) return 0n
    const st = rs.stack._store
    const top = rs.stack._len - 1
    if (op === 0xf3 || op === 0xfd) return memoryCost(rs, st[top], st[top - 1])
    if (op >= 0xa0) {
      if ((interp as InterpreterLike & { isStatic(): boolean }).isStatic()) {
        throw new EVMError(EVMError.errorMessages.STATIC_STATE_CHANGE)
      }
      const length = st[top - 1]
      return memoryCost(rs, st[top], length) + logTopicGas * BigInt(op - 0xa0) + length * logDataGas
    }
    const length = st[top - 2]
    const words = (length + 31n) / 32n
    if (op === 0x5e) return 3n * words + memoryCost(rs, st[top - 1], length) + memoryCost(rs, st[top], length)
    if (op === 0x3e) {
      const returnDataSize = (interp as InterpreterLike & { getReturnDataSize(): bigint }).getReturnDataSize()
      if (st[top - 1] + length > returnDataSize) throw new EVMError(EVMError.errorMessages.OUT_OF_GAS)
    }
    return memoryCost(rs, st[top], length) + (length === 0n ? 0n : copyGas * words)
  }

  function chargeMemory(rs: RunState, offset: bigint, length: bigint, fee: bigint): void {
    rs.interpreter.useGas(fee + memoryCost(rs, offset, length))
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
    syncStep(interp, pc, entry) {
      const info = entry.opcodeInfo
      if (!syncSteps.has(info.code)) return false
      const rs = prepare(interp, pc, entry)
      interp.useGas(info.feeBigInt + syncStepGas(interp, rs, info.code), info)
      rs.programCounter++
      entry.opHandler(rs, interp.common)
      return true
    },
    sload(interp, rs, pc) {
      return storage?.sload(interp, rs, pc) === true
    },
    sstore(interp, rs, pc) {
      return storage?.sstore(interp, rs, pc) === true
    },
    exp(rs, base, exponent, fee) {
      if (exponent === 0n) {
        rs.interpreter.useGas(fee)
        return 1n
      }
      rs.interpreter.useGas(fee + BigInt(Math.ceil(exponent.toString(2).length / 8)) * expByteGas)
      let result = 1n
      for (let b = base, e = exponent; e > 0n; e >>= 1n) {
        if ((e & 1n) === 1n) result = BigInt.asUintN(256, result * b)
        b = BigInt.asUintN(256, b * b)
      }
      return result
    },
    keccak(rs, offset, length, fee) {
      rs.interpreter.useGas(fee + memoryCost(rs, offset, length) + keccak256WordGas * ((length + 31n) / 32n))
      const data = length === 0n ? EMPTY : rs.memory.read(Number(offset), Number(length), true)
      const digest = keccak256(data)
      const view = new DataView(digest.buffer, digest.byteOffset, 32)
      return (
        (view.getBigUint64(0) << 192n) |
        (view.getBigUint64(8) << 128n) |
        (view.getBigUint64(16) << 64n) |
        view.getBigUint64(24)
      )
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
