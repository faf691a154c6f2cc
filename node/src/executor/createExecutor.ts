import { createBlock, type Block as EthjsBlock } from '@ethereumjs/block'
import type { Common } from '@ethereumjs/common'
import type { TypedTransaction } from '@ethereumjs/tx'
import { createVM, runTx, type VM } from '@ethereumjs/vm'
import type { BlockContext, Log, Receipt } from '@rtevm/protocol'
import { type CompilerOptions, createCompiledCodeCache, installCompiler } from '../evmCompiler/index.ts'
import type { RamState } from '../state/index.ts'
import type { DecodedTransaction } from './decodeTransaction.ts'
import type { ExecutedTransaction } from './ExecutedTransaction.ts'
import { ExecutionRejectedError, ethereumJsReason } from './errors.ts'
import { createLeanCall } from './leanCall.ts'
import { tryPlainTransfer } from './plainTransfer.ts'
import { createRamStateManager } from './ramStateManager.ts'

/**
 * The sequencer's only door to EthereumJS execution. Transactions run
 * directly against the RAM state; a transaction EthereumJS refuses (bad nonce,
 * insufficient funds) leaves the state untouched and throws.
 */
export type Executor = {
  /** Opens the EVM block subsequent transactions run in. */
  openBlock(context: BlockContext): void
  execute(decoded: DecodedTransaction, blockGasUsed: bigint): Promise<ExecutedTransaction>
}

export type ExecutorOptions = {
  common: Common
  state: RamState
  /** Apply plain EOA-to-EOA value transfers directly (see plainTransfer.ts); EthereumJS runs everything else. */
  fastTransfers?: boolean
  /** Run hot contract code compiled to JavaScript (see evmCompiler/); EthereumJS's interpreter stays the fallback. */
  compileContracts?: boolean
  /** Cache, compiler, threshold and counters for compileContracts; by default a private cache, compiling synchronously on a code's second call (the sequencer passes its background compiler). */
  compiler?: Partial<CompilerOptions>
  /** Run calls of common shapes without runTx's per-transaction setup (see leanCall.ts); EthereumJS's runTx stays the reference. */
  leanCalls?: boolean
}

export async function createExecutor(options: ExecutorOptions): Promise<Executor> {
  const { common, state } = options
  const fastTransfers = options.fastTransfers ?? true
  const vm: VM = await createVM({ common, stateManager: createRamStateManager(state) })
  if (options.compileContracts) {
    installCompiler(vm.evm, {
      ...options.compiler,
      cache: options.compiler?.cache ?? createCompiledCodeCache(),
      background: options.compiler?.background ?? false,
    })
  }
  const leanCall = (options.leanCalls ?? true) ? createLeanCall(vm, state) : undefined
  let block: EthjsBlock | undefined
  let context: BlockContext | undefined

  return {
    openBlock(next) {
      context = next
      block = createBlock(
        {
          header: {
            number: next.number,
            timestamp: next.timestamp,
            baseFeePerGas: next.baseFeePerGas,
            gasLimit: next.gasLimit,
            coinbase: next.coinbase,
            mixHash: next.prevRandao,
          },
        },
        { common, skipConsensusFormatValidation: true },
      )
    },
    async execute(decoded, blockGasUsed) {
      if (!block || !context) throw new ExecutionRejectedError('no block is open')
      const tx = decoded.tx
      if (fastTransfers) {
        const done = tryPlainTransfer(state, tx, decoded.from, context, blockGasUsed)
        if (done) return done
      }
      if (leanCall) {
        const done = await leanCall.execute(decoded, block, blockGasUsed)
        if (done) return done
      }
      let result: Awaited<ReturnType<typeof runTx>>
      const depth = state.depth()
      try {
        result = await runTx(vm, { tx, block, blockGasUsed, skipHardForkValidation: true })
      } catch (cause) {
        // EthereumJS undoes only its innermost checkpoint when it throws from
        // deep inside; a refused transaction must leave no trace at all.
        while (state.depth() > depth) state.revert()
        throw new ExecutionRejectedError(ethereumJsReason(cause), { cause })
      }
      const failed = result.execResult.exceptionError !== undefined
      const logs: Log[] = (result.receipt.logs ?? []).map(([address, topics, data]) => ({
        address,
        topics,
        data,
      }))
      const receipt: Receipt = {
        status: failed ? 0 : 1,
        gasUsed: result.totalGasSpent,
        cumulativeGasUsed: blockGasUsed + result.totalGasSpent,
        effectiveGasPrice: effectiveGasPrice(tx, block.header.baseFeePerGas ?? 0n),
        contractAddress: result.createdAddress?.bytes,
        logs,
        revertData:
          failed && result.execResult.returnValue.length > 0 ? result.execResult.returnValue : undefined,
      }
      return { receipt, bloom: result.bloom.bitvector }
    },
  }
}

function effectiveGasPrice(tx: TypedTransaction, baseFee: bigint): bigint {
  if ('maxFeePerGas' in tx) {
    const cap = tx.maxFeePerGas - baseFee
    const tip = tx.maxPriorityFeePerGas < cap ? tx.maxPriorityFeePerGas : cap
    return baseFee + tip
  }
  return tx.gasPrice
}
