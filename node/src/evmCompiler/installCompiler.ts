import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { EVMError } from '@ethereumjs/evm'
import { Account, bytesToHex, createZeroAddress } from '@ethereumjs/util'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { type CompiledCode, compileCode } from './compileCode.ts'
import type { BackgroundCompiler } from './createBackgroundCompiler.ts'
import type { CompiledCodeCache } from './createCompiledCodeCache.ts'
import { createRuntime } from './createRuntime.ts'
import type {
  EvmLike,
  InterpreterClass,
  InterpreterLike,
  MessageLike,
  RunInterpreterOptions,
  RunInterpreterResult,
} from './ethereumJsShapes.ts'
import type { ForkOpcode, ForkOpcodes } from './generateCode.ts'
import { createNativeStorage, type NativeStorage } from './nativeStorage.ts'
import { ENVIRONMENT_STEP_OPCODES, SYNC_STEP_OPCODES } from './opcodeTable.ts'
import type { ForkOpcodeTable } from './runCompileWorker.ts'

/** The EthereumJS EVM whose internals (ethereumJsShapes.ts) this seam was written against. */
export const SUPPORTED_EVM_VERSION = '10.1.3'

// Forks whose rules change the interpreter loop itself (EOF, code-chunk
// witnesses, block access lists, state gas, DUPN/SWAPN immediates, transfer
// logs): code under them is always interpreted. Without 6800/7864 a
// message's chargeCodeAccesses flag has no effect.
const UNSUPPORTED_EIPS = [3540, 6800, 7708, 7864, 7928, 8024, 8037]

/**
 * Frame counts and executed gas, for tests and benchmarks. A frame's gas is
 * its own: what it used less what the frames it called used. A frame that
 * starts compiled counts as compiled even if it hands the rest to the
 * interpreter (an unaffordable gas run, an opcode the compiler leaves out).
 */
export type CompilerStats = {
  compiledFrames: number
  interpretedFrames: number
  compiledGas: bigint
  interpretedGas: bigint
}

export function createCompilerStats(): CompilerStats {
  return { compiledFrames: 0, interpretedFrames: 0, compiledGas: 0n, interpretedGas: 0n }
}

export type CompilerOptions = {
  cache: CompiledCodeCache
  /**
   * Compiles code on a worker thread: the frame that reaches
   * compileAfterCalls, and any until the compiled code is in the cache, run
   * interpreted (production). `false` compiles synchronously on that frame,
   * which then waits for it (tests, tools).
   */
  background: BackgroundCompiler | false
  /** Compile code on its Nth frame (1 = first); earlier frames are interpreted. Default 2. */
  compileAfterCalls?: number
  /** Counters the seam increments for every frame it routes. */
  stats?: CompilerStats
}

/**
 * Routes EthereumJS's `EVM.runInterpreter` through compiled code for code
 * seen often enough; message calls, CREATE, precompiles, the journal and the
 * state manager stay EthereumJS's, and every opcode the compiler does not
 * inline runs through EthereumJS's own handler. Returns false (and changes
 * nothing) when the installed EthereumJS is not the one the seam was
 * written for, its shape differs, or the fork changes the interpreter loop.
 */
export function installCompiler(evmInstance: unknown, options: CompilerOptions): boolean {
  const evm = evmInstance as EvmLike
  if (installedEvmVersion() !== SUPPORTED_EVM_VERSION || !hasExpectedShape(evm)) return false
  if (UNSUPPORTED_EIPS.some((eip) => evm.common.isActivatedEIP(eip))) return false
  const { cache, background } = options
  const threshold = options.compileAfterCalls ?? 2
  const original = evm.runInterpreter.bind(evm)
  const runtime = createRuntime(
    {
      memoryGas: evm.common.param('memoryGas'),
      quadCoefficientDivGas: evm.common.param('quadCoefficientDivGas'),
      expByteGas: evm.common.param('expByteGas'),
      keccak256WordGas: evm.common.param('keccak256WordGas'),
      keccak256: evm.common.customCrypto?.keccak256 ?? keccak_256,
      copyGas: evm.common.param('copyGas'),
      logTopicGas: evm.common.param('logTopicGas'),
      logDataGas: evm.common.param('logDataGas'),
      syncSteps: new Set(
        [...SYNC_STEP_OPCODES].filter((op) => {
          const entry = evm._opcodeMap[op]
          if (entry === undefined || entry.opcodeInfo.isInvalid || isAsyncFunction(entry.opHandler))
            return false
          return !ENVIRONMENT_STEP_OPCODES.has(op) || !entry.opcodeInfo.dynamicGas
        }),
      ),
    },
    nativeStorageFor(evm),
  )
  const forkTable = forkOpcodeTable(evm)
  const fork: ForkOpcodes = (op) => forkTable[op]
  const forkKey = `${evm.common.hardfork()}/${evm.common.eips().join(',')}`
  const keccak = evm.common.customCrypto?.keccak256 ?? keccak_256
  const seen = new WeakMap<Uint8Array, { calls: number; key?: string; compiled?: CompiledCode | null }>()
  const stats = options.stats ?? createCompilerStats()
  // The gas used by the frames each running frame has called (frames nest: one transaction at a time per EVM).
  const childGas: bigint[] = []
  let Interpreter: InterpreterClass | undefined

  function compiledFor(code: Uint8Array): CompiledCode | undefined {
    let entry = seen.get(code)
    if (entry === undefined) {
      entry = { calls: 0 }
      seen.set(code, entry)
    }
    if (entry.compiled !== undefined) return entry.compiled ?? undefined
    if (++entry.calls < threshold) return
    entry.key ??= `${forkKey}/${bytesToHex(keccak(code))}`
    const key = entry.key
    let compiled = cache.get(key)
    if (compiled === undefined) {
      if (background !== false) {
        // Never waits: a request already queued (or declined, the queue
        // being full) leaves this frame interpreted; a later one asks again.
        background.schedule(key, code, forkTable, (result) => cache.set(key, result))
        return
      }
      compiled = tryCompile(code, fork)
      cache.set(key, compiled)
    }
    entry.compiled = compiled
    return compiled ?? undefined
  }

  function eligible(message: MessageLike, opts: RunInterpreterOptions): boolean {
    return (
      Interpreter !== undefined &&
      opts.pc === undefined &&
      opts.initialLogs === undefined &&
      message.code !== undefined &&
      message.code.length > 0 &&
      message.accessWitness === undefined &&
      evm._block !== undefined &&
      evm._tx !== undefined &&
      !evm.DEBUG &&
      evm._optsCached.profiler?.enabled !== true &&
      evm.events.listenerCount('step') === 0
    )
  }

  async function run(
    message: MessageLike,
    opts: RunInterpreterOptions,
  ): Promise<[RunInterpreterResult, boolean]> {
    const compiled = eligible(message, opts) ? compiledFor(message.code as Uint8Array) : undefined
    if (compiled === undefined || Interpreter === undefined) {
      const result = await original(message, opts)
      Interpreter ??= interpreterClassOf(result)
      return [result, false]
    }
    return [await runCompiled(evm, Interpreter, message, compiled, runtime), true]
  }

  evm.runInterpreter = async (message, opts = {}) => {
    const depth = childGas.length
    childGas.push(0n)
    let outcome: [RunInterpreterResult, boolean]
    let called: bigint
    try {
      outcome = await run(message, opts)
    } finally {
      called = childGas[depth]
      // Also drops what a child that threw left behind, so the stack stays true to the nesting.
      childGas.length = depth
    }
    const [result, compiled] = outcome
    const used = typeof result.executionGasUsed === 'bigint' ? result.executionGasUsed : 0n
    if (depth > 0) childGas[depth - 1] += used
    if (compiled) {
      stats.compiledFrames++
      stats.compiledGas += used - called
    } else {
      stats.interpretedFrames++
      stats.interpretedGas += used - called
    }
    return result
  }
  return true
}

/** EVM.runInterpreter (evm.js) line for line, with the compiled function in place of `interpreter.run` (and `runState` not copied). */
async function runCompiled(
  evm: EvmLike,
  Interpreter: InterpreterClass,
  message: MessageLike,
  compiled: CompiledCode,
  runtime: ReturnType<typeof createRuntime>,
): Promise<RunInterpreterResult> {
  const tx = evm._tx as NonNullable<EvmLike['_tx']>
  const contract = (await evm.stateManager.getAccount(message.to ?? createZeroAddress())) ?? new Account()
  const env = {
    address: message.to ?? createZeroAddress(),
    caller: message.caller ?? createZeroAddress(),
    callData: message.data ?? Uint8Array.from([0]),
    callValue: message.value ?? 0n,
    code: message.code,
    isStatic: message.isStatic ?? false,
    isCreate: message.isCreate ?? false,
    depth: message.depth ?? 0,
    gasPrice: tx.gasPrice,
    origin: tx.origin ?? message.caller ?? createZeroAddress(),
    block: evm._block,
    contract,
    codeAddress: message.codeAddress,
    gasRefund: message.gasRefund,
    chargeCodeAccesses: message.chargeCodeAccesses,
    blobVersionedHashes: message.blobVersionedHashes ?? [],
    accessWitness: message.accessWitness,
    createdAddresses: message.createdAddresses,
    initialLogs: undefined,
  }
  const interpreter = new Interpreter(
    evm,
    evm.stateManager,
    evm.blockchain,
    env,
    message.gasLimit,
    evm.journal,
    evm.performanceLogger,
    evm._optsCached.profiler,
  ) as InterpreterLike & { _result: Record<string, unknown> }
  if (message.selfdestruct) interpreter._result.selfdestruct = message.selfdestruct
  if (message.createdAddresses) interpreter._result.createdAddresses = message.createdAddresses
  // Interpreter.run's own first step for legacy code; hand-offs and handlers read it.
  interpreter._runState.code = message.code as Uint8Array
  const interpreterRes = await compiled(interpreter, evm._opcodeMap, runtime)
  let result = interpreter._result
  let gasUsed = message.gasLimit - interpreterRes.runState.gasLeft
  const exceptionError = interpreterRes.exceptionError as EVMError | undefined
  if (exceptionError) {
    if (
      exceptionError.error !== EVMError.errorMessages.REVERT &&
      exceptionError.error !== EVMError.errorMessages.INVALID_EOF_FORMAT
    ) {
      gasUsed = message.gasLimit
    }
    result = { ...result, logs: [], selfdestruct: new Map(), createdAddresses: new Set() }
  }
  const runState = interpreterRes.runState as unknown as Record<string, unknown>
  return {
    ...result,
    // EthereumJS returns a copy merging run state, result and environment
    // (~40 fields, a measurable share of a call); nothing reads it but API
    // users, so compiled frames hand back the frame's run state itself.
    runState,
    exceptionError,
    gas: interpreterRes.runState.gasLeft,
    executionGasUsed: gasUsed,
    gasRefund: runState.gasRefund,
    stateGasSpilled: runState.stateGasSpilled,
    returnValue: result.returnValue ?? new Uint8Array(0),
  }
}

/**
 * Synchronous SLOAD and SSTORE where the state manager allows it and the
 * fork prices them as EIP-2929 (Berlin on) and EIP-2200 (Istanbul on) do; SSTORE stays
 * EthereumJS's under EIP-8038's schedule.
 */
function nativeStorageFor(evm: EvmLike): NativeStorage | undefined {
  const { common } = evm
  const sload = evm._opcodeMap[0x54]?.opcodeInfo
  const sstore = evm._opcodeMap[0x55]?.opcodeInfo
  if (sload === undefined || sload.isInvalid || !common.isActivatedEIP(2929)) return undefined
  const eip2200 =
    sstore !== undefined &&
    !sstore.isInvalid &&
    common.gteHardfork('istanbul') &&
    !common.isActivatedEIP(8038)
  return createNativeStorage(evm.stateManager, evm.journal, {
    sloadFee: sload.feeBigInt,
    coldSload: common.param('coldsloadGas'),
    warmRead: common.param('warmstoragereadGas'),
    sstore: eip2200
      ? {
          fee: sstore.feeBigInt,
          sentry: common.param('sstoreSentryEIP2200Gas'),
          noop: common.param('sstoreNoopEIP2200Gas'),
          init: common.param('sstoreInitEIP2200Gas'),
          clean: common.param('sstoreCleanEIP2200Gas'),
          dirty: common.param('sstoreDirtyEIP2200Gas'),
          clearRefund: common.param('sstoreClearRefundEIP2200Gas'),
          initRefund: common.param('sstoreInitRefundEIP2200Gas'),
          cleanRefund: common.param('sstoreCleanRefundEIP2200Gas'),
          reset: common.param('sstoreResetGas'),
        }
      : undefined,
  })
}

function isAsyncFunction(fn: unknown): boolean {
  return typeof fn === 'function' && fn.constructor.name === 'AsyncFunction'
}

function tryCompile(code: Uint8Array, fork: ForkOpcodes): CompiledCode | null {
  try {
    return compileCode(code, fork)
  } catch {
    // Code the compiler cannot translate (e.g. a function too large for the
    // engine) simply stays interpreted.
    return null
  }
}

/** The fork's opcode table as plain data, read once: it crosses to the compile worker. */
function forkOpcodeTable(evm: EvmLike): ForkOpcodeTable {
  return Array.from({ length: 256 }, (_, op): ForkOpcode | undefined => {
    const entry = evm._opcodeMap[op]
    if (entry === undefined || entry.opcodeInfo.isInvalid || entry.opcodeInfo.code !== op) return undefined
    const { fee, dynamicGas, isAsync } = entry.opcodeInfo
    return { fee, dynamicGas, isAsync }
  })
}

function hasExpectedShape(evm: EvmLike | undefined): boolean {
  if (typeof evm !== 'object' || evm === null) return false
  const add = evm._opcodeMap?.[0x01]?.opcodeInfo
  return (
    typeof evm.runInterpreter === 'function' &&
    Array.isArray(evm._opcodeMap) &&
    add?.code === 0x01 &&
    typeof add.feeBigInt === 'bigint' &&
    typeof evm._optsCached === 'object' &&
    typeof evm.events?.listenerCount === 'function' &&
    typeof evm.common?.param === 'function'
  )
}

function interpreterClassOf(result: RunInterpreterResult): InterpreterClass | undefined {
  const interpreter = (result.runState as { interpreter?: InterpreterLike } | undefined)?.interpreter
  const prototype = interpreter === undefined ? undefined : Object.getPrototypeOf(interpreter)
  if (
    typeof prototype?.run !== 'function' ||
    typeof prototype.useGas !== 'function' ||
    typeof prototype.getCallData !== 'function' ||
    typeof interpreter?._runState?.stack?._store !== 'object' ||
    typeof interpreter._runState.stack._len !== 'number' ||
    typeof interpreter._runState.memory?.extend !== 'function' ||
    !(interpreter._runState.memory._store instanceof Uint8Array)
  ) {
    return
  }
  return prototype.constructor as InterpreterClass
}

function installedEvmVersion(): string | undefined {
  // The package's exports hide package.json; find it above the resolved entry point.
  let dir = dirname(createRequire(import.meta.url).resolve('@ethereumjs/evm'))
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    const manifest = readManifest(join(dir, 'package.json'))
    if (manifest?.name === '@ethereumjs/evm') return manifest.version
  }
  return
}

function readManifest(path: string): { name?: string; version?: string } | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return
  }
}
