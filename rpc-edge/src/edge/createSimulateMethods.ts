import {
  type BlockSource,
  blockContextOf,
  ErrorCode,
  RtevmError,
  type SimulatedBlock,
  type SimulatedCall,
  SimulateError,
  SimulateErrorCode,
  type Simulator,
} from '@rtevm/protocol'
import { InvalidParamsError } from '../errors/index.ts'
import { addressHex, dataHex, quantityHex } from '../format/index.ts'
import { blockTag, type MethodTable, method, optional } from '../jsonrpc/index.ts'
import { stateBlockOf } from '../methods/index.ts'
import { callFailure } from './createCallMethods.ts'
import { MAX_SIMULATED_BLOCKS, simulatedChain } from './simulatedChain.ts'
import { simulatePayload } from './simulateParams.ts'

export type SimulateMethodsDeps = {
  simulator: Simulator
  blocks: BlockSource
  /** Gas all calls of one simulation may use together: the edge's per-call cap, as geth uses its RPC gas cap. */
  gasCap: bigint
  /** The chain's block interval: simulated blocks without a `time` are this far apart, rounded up to whole seconds. */
  blockIntervalMs: number
}

/** geth's code for a call that failed other than by a revert (the spec's "execution error"). */
const VM_ERROR_CODE = -32015
/** A revert, as eth_call reports it. */
const REVERTED_CODE = 3

/**
 * eth_simulateV1 (execution-apis): blocks of calls on top of a block in the
 * history window, each seeing the state the ones before left, nothing kept.
 */
export function createSimulateMethods({
  simulator,
  blocks,
  gasCap,
  blockIntervalMs,
}: SimulateMethodsDeps): MethodTable {
  // Not geth's 12 s: simulated blocks stand for this chain's next blocks, which come every interval.
  const blockTimeSeconds = BigInt(Math.max(1, Math.ceil(blockIntervalMs / 1000)))
  return {
    eth_simulateV1: method([simulatePayload(), optional(blockTag())], async ([payload, tag]) => {
      if (payload.blocks.length === 0)
        throw new InvalidParamsError('empty input: blockStateCalls has no blocks')
      if (payload.blocks.length > MAX_SIMULATED_BLOCKS) {
        throw new SimulateError(
          SimulateErrorCode.ClientLimit,
          `too many blocks: at most ${MAX_SIMULATED_BLOCKS}`,
        )
      }
      const atBlock = stateBlockOf(tag, blocks)
      // `latest` is the newest state (with the open block's mini-blocks) on top of the newest sealed block.
      const parent = blocks.getBlockByNumber(atBlock ?? blocks.head().block)
      if (!parent) throw new RtevmError(ErrorCode.NotFound, `block ${atBlock} not found`)
      const parentContext = blockContextOf(parent.header)
      const simulated = await simulator.simulate({
        atBlock,
        parentHash: parent.hash,
        blocks: simulatedChain(parentContext, payload.blocks, {
          blockTimeSeconds,
          validation: payload.validation,
        }),
        validation: payload.validation,
        traceTransfers: payload.traceTransfers,
        gasCap,
      })
      return simulated.map((block) => formatSimulatedBlock(block, payload.returnFullTransactions))
    }),
  }
}

/** A simulated block in geth's fields: its header, `size`, `transactions` and `calls`. */
function formatSimulatedBlock(block: SimulatedBlock, fullTransactions: boolean) {
  const h = block.header
  const blockHash = dataHex(block.hash)
  const number = quantityHex(block.context.number)
  const timestamp = quantityHex(block.context.timestamp)
  let logIndex = 0
  const calls = block.calls.map((call, index) => {
    const transactionHash = dataHex(block.transactions[index]!.hash)
    const logs = call.logs.map((log) => ({
      address: addressHex(log.address),
      topics: log.topics.map(dataHex),
      data: dataHex(log.data),
      blockNumber: number,
      blockTimestamp: timestamp,
      transactionHash,
      transactionIndex: quantityHex(index),
      blockHash,
      logIndex: quantityHex(logIndex++),
      removed: false,
    }))
    return {
      returnData: dataHex(call.returnData),
      logs,
      gasUsed: quantityHex(call.gasUsed),
      ...outcome(call),
    }
  })
  return {
    baseFeePerGas: h.baseFeePerGas,
    blobGasUsed: h.blobGasUsed,
    calls,
    difficulty: h.difficulty,
    excessBlobGas: h.excessBlobGas,
    extraData: h.extraData,
    gasLimit: h.gasLimit,
    gasUsed: h.gasUsed,
    hash: blockHash,
    logsBloom: h.logsBloom,
    miner: h.coinbase,
    mixHash: h.mixHash,
    nonce: h.nonce,
    number,
    parentBeaconBlockRoot: h.parentBeaconBlockRoot,
    parentHash: h.parentHash,
    receiptsRoot: h.receiptTrie,
    requestsHash: h.requestsHash,
    sha3Uncles: h.uncleHash,
    size: quantityHex(block.size),
    stateRoot: h.stateRoot,
    timestamp: h.timestamp,
    transactions: block.transactions.map((tx, index) =>
      fullTransactions ? fullTransaction(tx, index, blockHash, number) : dataHex(tx.hash),
    ),
    transactionsRoot: h.transactionsTrie,
    uncles: [],
    withdrawals: [],
    withdrawalsRoot: h.withdrawalsRoot,
  }
}

function outcome(call: SimulatedCall) {
  if (call.success) return { status: '0x1' }
  if (call.revertData !== undefined) {
    const failure = callFailure({ revertData: call.revertData })
    return {
      status: '0x0',
      error: { code: REVERTED_CODE, message: failure.shortMessage, data: failure.data },
    }
  }
  return { status: '0x0', error: { code: VM_ERROR_CODE, message: call.error ?? 'execution failed' } }
}

/** The unsigned transaction a call stands for, in eth_getTransactionByHash's fields (signature zero, as geth). */
function fullTransaction(
  tx: SimulatedBlock['transactions'][number],
  index: number,
  blockHash: `0x${string}`,
  blockNumber: `0x${string}`,
) {
  const { gasLimit, data, v, r, s, ...fields } = tx.fields
  return {
    ...fields,
    blockHash,
    blockNumber,
    from: addressHex(tx.from),
    gas: gasLimit,
    hash: dataHex(tx.hash),
    input: data,
    transactionIndex: quantityHex(index),
    v: v ?? '0x0',
    r: r ?? '0x0',
    s: s ?? '0x0',
  }
}
