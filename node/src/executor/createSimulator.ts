import { createBlock, type Block as EthjsBlock } from '@ethereumjs/block'
import { createTx, type TypedTransaction } from '@ethereumjs/tx'
import { Address } from '@ethereumjs/util'
import { runTx, type VM } from '@ethereumjs/vm'
import { keccak_256 } from '@noble/hashes/sha3.js'
import {
  type BlockContext,
  logsBloom,
  orBloom,
  type SimulatedBlock,
  type SimulatedCall,
  type SimulatedTransaction,
  SimulateError,
  SimulateErrorCode,
  type SimulationBlock,
  type SimulationCall,
  type SimulationRequest,
  type Simulator,
} from '@rtevm/protocol'
import { encodeReceipt, orderedTrieRoot } from '../block/index.ts'
import { EMPTY_TRIE_ROOT } from '../commitment/index.ts'
import { hexFromBytes, type RamState, type StateHistory } from '../state/index.ts'
import { createSharedTxCommon } from './chainCommon.ts'
import { applyOverrides, type TracingCaller, txData } from './createCaller.ts'
import { ethereumJsReason } from './errors.ts'
import { refusalCode } from './refusalCode.ts'
import { createSimulationLogs } from './simulationLogs.ts'
import { stateRootOf } from './stateRootOf.ts'
import { attachHooks } from './trace/attachHooks.ts'
import { gethError } from './trace/gethErrors.ts'

export type SimulatorOptions = {
  /** Its VM runs the simulations, serialized with its calls. */
  caller: TracingCaller
  /** The live state and its reverse diffs (a replica). */
  chain: { readonly state: RamState; readonly history: Pick<StateHistory, 'rewind'> }
}

const ZERO_ADDRESS = new Uint8Array(20)
const TX_GAS = 21_000n

/**
 * eth_simulateV1's execution: every block and call runs inside ONE RamState
 * checkpoint, so each call sees the calls and blocks before it, and one
 * revert at the end leaves the state as it was. Calls are real (unsigned,
 * impersonated) transactions through runTx, as eth_call's.
 */
export function createSimulator({ caller, chain }: SimulatorOptions): Simulator {
  const { state, history } = chain
  return {
    simulate: (request) =>
      caller.exclusive(async (vm) => {
        const depth = state.depth()
        state.checkpoint()
        try {
          if (request.atBlock !== undefined) history.rewind(state, request.atBlock)
          const run = createRun(vm, state, request)
          const out: SimulatedBlock[] = []
          let parentHash = request.parentHash
          for (const block of request.blocks) {
            const simulated = await run(block, parentHash)
            out.push(simulated)
            parentHash = simulated.hash
          }
          return out
        } finally {
          // EthereumJS may leave inner checkpoints open when it throws from deep inside.
          while (state.depth() > depth) state.revert()
        }
      }),
  }
}

function createRun(vm: VM, state: RamState, request: SimulationRequest) {
  const txCommon = createSharedTxCommon(vm.common)
  let gasLeft = request.gasCap

  function ethjsBlock(context: BlockContext, baseFee: bigint): EthjsBlock {
    return createBlock(
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
      { common: vm.common, skipConsensusFormatValidation: true },
    )
  }

  /** The gas a call gets: its own limit or what the block has left, within the simulation's total. */
  function gasOf(call: SimulationCall, context: BlockContext, blockGasUsed: bigint): bigint {
    const gas = call.gas ?? context.gasLimit - blockGasUsed
    if (blockGasUsed + gas > context.gasLimit) {
      throw new SimulateError(
        SimulateErrorCode.BlockGasLimit,
        `block gas limit reached: ${blockGasUsed} + ${gas} > ${context.gasLimit}`,
      )
    }
    if (gasLeft < TX_GAS) {
      throw new SimulateError(
        SimulateErrorCode.ClientLimit,
        `the simulation's total gas cap of ${request.gasCap} is used up`,
      )
    }
    return gas < gasLeft ? gas : gasLeft
  }

  function checkNonce(call: SimulationCall, expected: bigint): void {
    if (!request.validation || call.nonce === undefined || call.nonce === expected) return
    const low = call.nonce < expected
    throw new SimulateError(
      low ? SimulateErrorCode.NonceTooLow : SimulateErrorCode.NonceTooHigh,
      `nonce too ${low ? 'low' : 'high'}: address 0x${hexFromBytes(call.from ?? ZERO_ADDRESS)}, tx: ${call.nonce} state: ${expected}`,
    )
  }

  return async function run(block: SimulationBlock, parentHash: Uint8Array): Promise<SimulatedBlock> {
    const { context } = block
    applyOverrides(state, block.stateOverride ?? [])
    const priced = ethjsBlock(context, context.baseFeePerGas)
    const free = context.baseFeePerGas === 0n ? priced : ethjsBlock(context, 0n)
    const transactions: SimulatedTransaction[] = []
    const txs: TypedTransaction[] = []
    const receipts: Uint8Array[] = []
    // The bloom of the contracts' logs: traced transfers are not logs of the chain (geth leaves them out too).
    const bloom = new Uint8Array(256)
    const calls: SimulatedCall[] = []
    let gasUsed = 0n
    for (const call of block.calls) {
      const from = call.from ?? ZERO_ADDRESS
      const current = state.getAccount(hexFromBytes(from))?.nonce ?? 0n
      checkNonce(call, current)
      const gas = gasOf(call, context, gasUsed)
      const tx = createTx(txData(call, gas, call.nonce ?? current), { common: txCommon, freeze: false })
      const sender = new Address(from)
      // Impersonation: runTx asks the transaction for its sender; an unsigned one has none.
      tx.getSenderAddress = () => sender
      // Without validation a call may pay less than the base fee (geth's NoBaseFee): it runs in a block with none.
      const feeCap = call.maxFeePerGas ?? call.gasPrice ?? 0n
      const runBlock = !request.validation && feeCap < context.baseFeePerGas ? free : priced
      // Transfers need the call frames; without them the receipt's logs are the same logs, cheaper.
      const collected = request.traceTransfers ? createSimulationLogs(true) : undefined
      const detach = collected
        ? attachHooks({ vm, tx, from, block: runBlock, state, firstLogIndex: 0 }, collected.hooks)
        : undefined
      let outcome: Awaited<ReturnType<typeof runTx>>
      try {
        outcome = await runTx(vm, {
          tx,
          block: runBlock,
          skipNonce: true,
          skipBlockGasLimitValidation: true,
          skipHardForkValidation: true,
        })
      } catch (cause) {
        const reason = ethereumJsReason(cause)
        throw new SimulateError(refusalCode(reason), reason, { cause })
      } finally {
        detach?.()
      }
      const { execResult } = outcome
      const failure = execResult.exceptionError?.error
      const receiptLogs = (outcome.receipt.logs ?? []).map(([address, topics, data]) => ({
        address,
        topics,
        data,
      }))
      const txBloom = logsBloom(receiptLogs)
      orBloom(bloom, txBloom)
      gasUsed += outcome.totalGasSpent
      const receipt = {
        status: failure === undefined ? 1 : 0,
        gasUsed: outcome.totalGasSpent,
        cumulativeGasUsed: gasUsed,
        effectiveGasPrice: 0n,
        logs: receiptLogs,
      } as const
      receipts.push(encodeReceipt(tx.type, receipt, txBloom))
      gasLeft -= outcome.totalGasSpent
      calls.push({
        success: failure === undefined,
        // geth returns no data for a failed call; a revert's payload is in its error.
        returnData: failure === undefined ? execResult.returnValue : new Uint8Array(0),
        gasUsed: outcome.totalGasSpent,
        logs: collected?.logs() ?? receiptLogs,
        revertData: failure === 'revert' ? execResult.returnValue : undefined,
        error: failure === undefined || failure === 'revert' ? undefined : gethError(failure),
      })
      txs.push(tx)
      transactions.push({ hash: keccak_256(tx.serialize()), from, fields: { ...tx.toJSON() } })
    }
    const sealed = createBlock(
      {
        header: {
          parentHash,
          number: context.number,
          timestamp: context.timestamp,
          gasLimit: context.gasLimit,
          gasUsed,
          baseFeePerGas: context.baseFeePerGas,
          coinbase: context.coinbase,
          mixHash: context.prevRandao,
          stateRoot: stateRootOf(state),
          transactionsTrie: txs.length ? orderedTrieRoot(txs.map((tx) => tx.serialize())) : EMPTY_TRIE_ROOT,
          receiptTrie: receipts.length ? orderedTrieRoot(receipts) : EMPTY_TRIE_ROOT,
          logsBloom: bloom,
        },
        transactions: txs,
        withdrawals: [],
      },
      { common: vm.common, skipConsensusFormatValidation: true },
    )
    const { header } = sealed
    return {
      context,
      hash: header.hash(),
      size: BigInt(sealed.serialize().length),
      gasUsed,
      header: { ...header.toJSON() },
      transactions,
      calls,
    }
  }
}
