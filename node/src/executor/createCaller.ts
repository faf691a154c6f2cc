import { createBlock, type Block as EthjsBlock } from '@ethereumjs/block'
import type { Common } from '@ethereumjs/common'
import { createTx, type TypedTransaction, type TypedTxData } from '@ethereumjs/tx'
import { Address, KECCAK256_NULL } from '@ethereumjs/util'
import { createVM, type RunTxResult, runTx, type VM } from '@ethereumjs/vm'
import { keccak_256 } from '@noble/hashes/sha3.js'
import {
  type AccessListEntry,
  type AccountOverride,
  type BlockContext,
  type Caller,
  type CallRequest,
  type CallResult,
  ErrorCode,
  EstimateGasError,
  RtevmError,
  type RtevmErrorOptions,
} from '@rtevm/protocol'
import {
  type BackgroundCompiler,
  type CompilerOptions,
  createBackgroundCompiler,
  createCompiledCodeCache,
  installCompiler,
} from '../evmCompiler/index.ts'
import {
  bigIntToBytes,
  bytesFromHex,
  hexFromBytes,
  type RamState,
  type StateHistory,
} from '../state/index.ts'
import { createChainCommon, createSharedTxCommon } from './chainCommon.ts'
import { createRamStateManager } from './ramStateManager.ts'

export type CallerOptions = {
  state: RamState
  /** Past state of `state`, for requests with `atBlock`; without it such requests are refused. */
  history?: Pick<StateHistory, 'rewind'>
  /** The chain's rules; default `createChainCommon(chainId)`, so callers outside executor/ need no EthereumJS type. */
  common?: Common
  /** Used only without `common`. Default 31337. */
  chainId?: bigint
  /** Largest gas a call may use (geth's RPCGasCap). Default 50 000 000, lowered to the block gas limit. */
  gasCap?: bigint
  /** Run hot contract code compiled to JavaScript (see evmCompiler/), as the executor does; traces stay interpreted. Default true. */
  compileContracts?: boolean
  /** Cache, compiler, threshold and counters for compileContracts; by default a private cache and a background compiler this caller owns (stopped by `close`). */
  compiler?: Partial<CompilerOptions>
}

/** EthereumJS refused to run the call at all (funds for value and gas, intrinsic gas, sender with code). */
export class CallRejectedError extends RtevmError {
  override name = 'CallRejectedError'
  constructor(reason: string, options: RtevmErrorOptions = {}) {
    const code = reason.includes('enough funds')
      ? ErrorCode.InsufficientFunds
      : reason.includes('INTRINSIC_GAS_TOO_LOW')
        ? ErrorCode.IntrinsicGasTooLow
        : ErrorCode.ExecutionFailed
    super(code, `call rejected: ${reason}`, options)
  }
}

/**
 * What a tracer attaches to one run (debug_traceCall): called with the VM,
 * transaction and block before runTx; `finish` reads the outcome while the
 * run's state is still in place; `stop` always runs, before the revert.
 */
export type RunObserver = (
  vm: VM,
  tx: TypedTransaction,
  block: EthjsBlock,
) => { finish(outcome: RunTxResult): void; stop(): void }

/** A `Caller` that tracers can share: runs on its VM stay serialized with every call. */
export type TracingCaller = Caller & {
  /** eth_call with `observe` watching the run. */
  observeCall(request: CallRequest, context: BlockContext, observe: RunObserver): Promise<CallResult>
  /** Runs `work` on the caller's VM and state, serialized with its calls (the VM and the state's journal are not reentrant). */
  exclusive<T>(work: (vm: VM) => Promise<T>): Promise<T>
  /** Stops the compile worker this caller owns, if any; calls keep working, interpreted. */
  close(): Promise<void>
}

const ZERO_ADDRESS = new Uint8Array(20)
const TX_GAS = 21_000n
const CALL_STIPEND = 2_300n

type Run = { result: CallResult; refund: bigint; accessList?: AccessListEntry[] }

/**
 * eth_call, eth_estimateGas and eth_createAccessList over `state`. Each run
 * is a real (unsigned, impersonated) transaction through runTx inside a
 * RamState checkpoint that is always reverted, so the state is unchanged.
 * Runs are serialized: the VM and the journal are not reentrant.
 */
export function createCaller(options: CallerOptions): TracingCaller {
  const { state } = options
  const common = options.common ?? createChainCommon(options.chainId ?? 31337n)
  const txCommon = createSharedTxCommon(common)
  const maxGas = options.gasCap ?? 50_000_000n
  const compile = options.compileContracts ?? true
  // The caller owns (and closes) a background compiler only when it was not handed one.
  const ownCompiler: BackgroundCompiler | undefined =
    compile && options.compiler?.background === undefined ? createBackgroundCompiler() : undefined
  let vm: Promise<VM> | undefined
  let tail: Promise<unknown> = Promise.resolve()

  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = tail.then(work, work)
    tail = run.catch(() => {})
    return run
  }

  function rewind(blockNumber: bigint) {
    if (!options.history) {
      throw new RtevmError(ErrorCode.NotFound, `the state of block ${blockNumber} is not kept by this caller`)
    }
    options.history.rewind(state, blockNumber)
  }

  const capOf = (context: BlockContext) => (context.gasLimit < maxGas ? context.gasLimit : maxGas)

  const machineOf = () => {
    vm ??= createVM({ common, stateManager: createRamStateManager(state) }).then((created) => {
      if (compile) {
        // Tracing runs attach step listeners, and the compiler declines those frames: traces stay interpreted.
        installCompiler(created.evm, {
          ...options.compiler,
          cache: options.compiler?.cache ?? createCompiledCodeCache(),
          background: options.compiler?.background ?? ownCompiler ?? false,
        })
      }
      return created
    })
    return vm
  }

  async function run(
    request: CallRequest,
    context: BlockContext,
    gas: bigint,
    report = false,
    observe?: RunObserver,
  ): Promise<Run> {
    const machine = await machineOf()
    const priced = request.gasPrice !== undefined || request.maxFeePerGas !== undefined
    const block = blockOf(context, priced ? context.baseFeePerGas : 0n)
    const from = request.from ?? ZERO_ADDRESS
    let watch: ReturnType<RunObserver> | undefined
    state.checkpoint()
    try {
      if (request.atBlock !== undefined) rewind(request.atBlock)
      applyOverrides(state, request.stateOverride ?? [])
      const sender = state.getAccount(hexFromBytes(from))
      const tx = createTx(txData(request, gas, sender?.nonce ?? 0n), { common: txCommon, freeze: false })
      const caller = new Address(from)
      // Impersonation: runTx asks the transaction for its sender; an unsigned one has none.
      tx.getSenderAddress = () => caller
      watch = observe?.(machine, tx, block)
      let outcome: Awaited<ReturnType<typeof runTx>>
      try {
        outcome = await runTx(machine, {
          tx,
          block,
          skipNonce: true,
          skipBlockGasLimitValidation: true,
          skipHardForkValidation: true,
          reportAccessList: report,
        })
      } catch (cause) {
        const message = cause instanceof Error ? cause.message.split('\n')[0] : String(cause)
        throw new CallRejectedError(message.replace(/ \(tx type=.*$/, ''), { cause })
      }
      watch?.finish(outcome)
      const { execResult } = outcome
      const failed = execResult.exceptionError !== undefined
      const result: CallResult = {
        success: !failed,
        returnData: failed ? new Uint8Array(0) : execResult.returnValue,
        gasUsed: outcome.totalGasSpent,
        logs: (outcome.receipt.logs ?? []).map(([address, topics, data]) => ({ address, topics, data })),
        revertData: execResult.exceptionError?.error === 'revert' ? execResult.returnValue : undefined,
        error: execResult.exceptionError?.error,
      }
      const accessList = outcome.accessList?.map((item) => ({
        address: bytesFromHex(item.address),
        storageKeys: item.storageKeys.map((key) => bytesFromHex(key)),
      }))
      return { result, refund: outcome.gasRefund, accessList }
    } finally {
      watch?.stop()
      state.revert()
    }
  }

  let cachedBlock: { context: BlockContext; baseFee: bigint; block: EthjsBlock } | undefined
  function blockOf(context: BlockContext, baseFee: bigint): EthjsBlock {
    if (cachedBlock?.context === context && cachedBlock.baseFee === baseFee) return cachedBlock.block
    const block = createBlock(
      {
        header: {
          number: context.number,
          timestamp: context.timestamp,
          baseFeePerGas: baseFee,
          gasLimit: context.gasLimit,
          coinbase: context.coinbase,
          mixHash: context.prevRandao,
        },
      },
      { common, skipConsensusFormatValidation: true },
    )
    cachedBlock = { context, baseFee, block }
    return block
  }

  /** Runs at `gas`; a limit below the intrinsic cost counts as a failure, other refusals throw. */
  async function attempt(request: CallRequest, context: BlockContext, gas: bigint): Promise<Run | undefined> {
    try {
      return await run(request, context, gas)
    } catch (error) {
      if (error instanceof CallRejectedError && error.code === ErrorCode.IntrinsicGasTooLow) return undefined
      throw error
    }
  }

  async function estimate(request: CallRequest, context: BlockContext): Promise<bigint> {
    // A plain transfer to an account without code usually needs exactly 21 000: try that first, as geth does.
    if (request.to && !request.data?.length && !request.stateOverride) {
      const target = state.getAccount(hexFromBytes(request.to))
      const plain = !target || sameBytes(target.codeHash, KECCAK256_NULL)
      if (plain && (await attempt(request, context, TX_GAS))?.result.success) return TX_GAS
    }
    const cap = capOf(context)
    let hi = request.gas !== undefined && request.gas < cap ? request.gas : cap
    // A priced call cannot use more gas than the sender can pay for (geth does the same).
    const feeCap = request.maxFeePerGas ?? request.gasPrice ?? 0n
    if (feeCap > 0n) {
      const balance = overriddenBalance(request) - (request.value ?? 0n)
      const affordable = balance > 0n ? balance / feeCap : 0n
      if (affordable < hi) hi = affordable
    }
    const first = await attempt(request, context, hi)
    if (!first?.result.success) {
      const revert = first?.result.revertData
      if (revert) throw new EstimateGasError('execution reverted', revert)
      throw new EstimateGasError(`gas required exceeds allowance (${hi})`)
    }
    let lo = first.result.gasUsed - 1n > TX_GAS - 1n ? first.result.gasUsed - 1n : TX_GAS - 1n
    // Most calls need little more than they used: try that before bisecting.
    const optimistic = ((first.result.gasUsed + first.refund + CALL_STIPEND) * 64n) / 63n
    if (optimistic < hi) {
      if ((await attempt(request, context, optimistic))?.result.success) hi = optimistic
      else lo = optimistic
    }
    while (lo + 1n < hi) {
      // Stop within 1.5 % of the answer, as geth does: the last steps cost runs, not gas.
      if (((hi - lo) * 1000n) / hi < 15n) break
      let mid = (hi + lo) / 2n
      if (mid > lo * 2n) mid = lo * 2n
      if ((await attempt(request, context, mid))?.result.success) hi = mid
      else lo = mid
    }
    return hi
  }

  function overriddenBalance(request: CallRequest): bigint {
    const from = request.from ?? ZERO_ADDRESS
    const override = request.stateOverride?.find((entry) => sameBytes(entry.address, from))
    return override?.balance ?? state.getAccount(hexFromBytes(from))?.balance ?? 0n
  }

  return {
    call: (request, context) =>
      exclusive(async () => (await run(request, context, gasOf(request, context))).result),
    estimateGas: (request, context) => exclusive(() => estimate(request, context)),
    createAccessList: (request, context) =>
      exclusive(async () => {
        const gas = gasOf(request, context)
        const reported = await run(request, context, gas, true)
        const accessList = reported.accessList ?? []
        // The list's own warm-up changes the gas: report the gas of a run that carries it.
        const withList = await run({ ...request, accessList }, context, gas)
        return { ...withList.result, accessList }
      }),
    observeCall: (request, context, observe) =>
      exclusive(async () => (await run(request, context, gasOf(request, context), false, observe)).result),
    exclusive: (work) => exclusive(async () => work(await machineOf())),
    close: async () => ownCompiler?.close(),
  }

  function gasOf(request: CallRequest, context: BlockContext): bigint {
    const cap = capOf(context)
    return request.gas !== undefined && request.gas < cap ? request.gas : cap
  }
}

export function txData(request: CallRequest, gasLimit: bigint, nonce: bigint): TypedTxData {
  const base = {
    nonce,
    gasLimit,
    to: request.to,
    value: request.value ?? 0n,
    data: request.data ?? new Uint8Array(0),
  }
  const accessList = request.accessList?.map(
    (entry) => [entry.address, entry.storageKeys] as [Uint8Array, Uint8Array[]],
  )
  const authorizationList = request.authorizationList?.map(
    (a) =>
      [
        bigIntToBytes(a.chainId),
        a.address,
        bigIntToBytes(a.nonce),
        bigIntToBytes(BigInt(a.yParity)),
        bigIntToBytes(a.r),
        bigIntToBytes(a.s),
      ] as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array],
  )
  const eip1559 = request.maxFeePerGas !== undefined || request.maxPriorityFeePerGas !== undefined
  if (eip1559 || authorizationList) {
    const maxFeePerGas = request.maxFeePerGas ?? request.maxPriorityFeePerGas ?? request.gasPrice ?? 0n
    const fees = {
      maxFeePerGas,
      maxPriorityFeePerGas: request.maxPriorityFeePerGas ?? request.gasPrice ?? 0n,
    }
    // A set-code run (EIP-7702) is a type-4 transaction, priced like EIP-1559.
    if (authorizationList)
      return { ...base, type: 4, ...fees, accessList: accessList ?? [], authorizationList }
    return { ...base, type: 2, ...fees, accessList }
  }
  if (accessList) return { ...base, type: 1, gasPrice: request.gasPrice ?? 0n, accessList }
  return { ...base, type: 0, gasPrice: request.gasPrice ?? 0n }
}

/** Applies eth_call state overrides inside the caller's checkpoint, so the revert undoes them too. */
export function applyOverrides(state: RamState, overrides: readonly AccountOverride[]): void {
  for (const override of overrides) {
    const address = hexFromBytes(override.address)
    const current = state.getAccount(address)
    let codeHash = current?.codeHash ?? KECCAK256_NULL
    if (override.code !== undefined) {
      codeHash = override.code.length === 0 ? KECCAK256_NULL : keccak_256(override.code)
      if (override.code.length > 0) state.putCode(codeHash, override.code)
    }
    state.putAccount(address, {
      nonce: override.nonce ?? current?.nonce ?? 0n,
      balance: override.balance ?? current?.balance ?? 0n,
      codeHash,
    })
    if (override.state) state.clearStorage(address)
    for (const { slot, value } of [...(override.state ?? []), ...(override.stateDiff ?? [])]) {
      state.putStorage(address, hexFromBytes(slot), bigIntToBytes(value))
    }
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
