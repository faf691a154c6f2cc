/**
 * The parts of EthereumJS 10.1.3's EVM internals the compiler touches
 * (dist/esm/evm.js `runInterpreter`, interpreter.js `Interpreter`, stack.js,
 * memory.js). None of them is public API, so installCompiler.ts only wires
 * the compiler in for that exact version and checks these shapes first.
 */

export type OpcodeInfo = {
  code: number
  fee: number
  feeBigInt: bigint
  isAsync: boolean
  dynamicGas: boolean
  isInvalid: boolean
}

export type OpcodeEntry = {
  opcodeInfo: OpcodeInfo
  opHandler: (runState: RunState, common: unknown) => unknown
  gasHandler: (runState: RunState, gas: bigint, common: unknown) => Promise<bigint> | bigint
}

export type RunState = {
  programCounter: number
  opCode: number
  gasLeft: bigint
  memoryWordCount: bigint
  highestMemCost: bigint
  code: Uint8Array
  stack: { _store: bigint[]; _len: number }
  memory: {
    /** Grows `_store` (replacing it) so [offset, offset + size) fits, in whole words. */
    extend(offset: number, size: number): void
    _store: Uint8Array
    write(offset: number, size: number, value: Uint8Array): void
    /** Extends memory over [offset, offset + size) and returns those bytes (a view into `_store` when `avoidCopy`). */
    read(offset: number, size: number, avoidCopy?: boolean): Uint8Array
  }
  interpreter: InterpreterLike
}

/** What `Interpreter.run` resolves to. */
export type InterpreterResult = { runState: RunState; exceptionError: unknown }

export type InterpreterLike = {
  _runState: RunState
  _result: { selfdestruct?: unknown; createdAddresses?: unknown }
  common: unknown
  run(code: Uint8Array, opts?: { pc?: number }): Promise<InterpreterResult>
  useGas(amount: bigint, context?: unknown): void
  getCaller(): bigint
  getCallValue(): bigint
  getCallData(): Uint8Array
  getCallDataSize(): bigint
}

export type InterpreterClass = new (...args: unknown[]) => InterpreterLike

/** The message `EVM.runInterpreter` receives (a `Message`). */
export type MessageLike = {
  to?: unknown
  caller?: unknown
  data?: Uint8Array
  value?: bigint
  code?: Uint8Array
  isStatic?: boolean
  isCreate?: boolean
  depth?: number
  gasLimit: bigint
  codeAddress?: unknown
  gasRefund?: bigint
  chargeCodeAccesses?: boolean
  blobVersionedHashes?: unknown[]
  accessWitness?: unknown
  createdAddresses?: unknown
  selfdestruct?: unknown
}

export type RunInterpreterOptions = { pc?: number; initialLogs?: unknown[] }

export type EvmLike = {
  DEBUG: boolean
  common: {
    hardfork(): string
    gteHardfork(hardfork: string): boolean
    eips(): number[]
    isActivatedEIP(eip: number): boolean
    param(name: string): bigint
    customCrypto?: { keccak256?: (data: Uint8Array) => Uint8Array }
  }
  events: { listenerCount(event: string): number }
  stateManager: { getAccount(address: unknown): Promise<unknown> }
  blockchain: unknown
  journal: unknown
  performanceLogger: unknown
  _optsCached: { profiler?: { enabled?: boolean } }
  _opcodeMap: (OpcodeEntry | undefined)[]
  _block?: unknown
  _tx?: { gasPrice: bigint; origin?: unknown }
  runInterpreter(message: MessageLike, opts?: RunInterpreterOptions): Promise<RunInterpreterResult>
}

export type RunInterpreterResult = { [field: string]: unknown }
