import {
  type BlockContext,
  type BlockSource,
  blockContextOf,
  type Caller,
  type CallRequest,
  type CallResult,
  ErrorCode,
  EstimateGasError,
  RtevmError,
} from '@rtevm/protocol'
import { bytesToHex, decodeAbiParameters } from 'viem'
import { RpcErrorCode } from '../errors/index.ts'
import { addressHex, dataHex, quantityHex } from '../format/index.ts'
import type { BlockTag } from '../jsonrpc/index.ts'
import { blockTag, type MethodTable, method, optional } from '../jsonrpc/index.ts'
import { stateBlockOf } from '../methods/index.ts'
import { blockOverrides, callObject, stateOverrides } from './callRequest.ts'

export type CallMethodsDeps = {
  caller: Caller
  blocks: BlockSource
  /** The context the next transaction would run in (the replica's open block). */
  blockContext(): BlockContext
}

const ERROR_STRING_SELECTOR = '0x08c379a0'

/** "execution reverted", with the reason when the payload is a plain `Error(string)`. */
function revertMessage(data: Uint8Array): string {
  const hex = bytesToHex(data)
  if (!hex.startsWith(ERROR_STRING_SELECTOR)) return 'execution reverted'
  try {
    const [reason] = decodeAbiParameters([{ type: 'string' }], `0x${hex.slice(10)}`)
    return `execution reverted: ${reason}`
  } catch {
    return 'execution reverted'
  }
}

/** A revert → code 3 with the payload in `data` (as geth); any other failure → -32000 with its reason. */
export function callFailure(result: Pick<CallResult, 'revertData' | 'error'>): RtevmError {
  if (result.revertData !== undefined) {
    return new RtevmError(ErrorCode.ExecutionFailed, revertMessage(result.revertData), {
      data: dataHex(result.revertData),
    })
  }
  return new RtevmError(RpcErrorCode.ExecutionError, result.error ?? 'execution failed')
}

function estimateFailure(error: unknown): unknown {
  if (!(error instanceof EstimateGasError)) return error
  if (error.revertData) return callFailure({ revertData: error.revertData })
  return new RtevmError(RpcErrorCode.ExecutionError, error.shortMessage, { cause: error })
}

/**
 * eth_call, eth_estimateGas, eth_createAccessList: at the newest state (the
 * replica's open block), or at a sealed block's end state within the history
 * window, in that block's context (number, time, base fee), as geth runs them.
 */
export function createCallMethods({ caller, blocks, blockContext }: CallMethodsDeps): MethodTable {
  function at(tag: BlockTag | undefined, call: CallRequest, overrides?: CallRequest['stateOverride']) {
    const atBlock = stateBlockOf(tag, blocks)
    const request: CallRequest = { ...call }
    if (overrides) request.stateOverride = overrides
    if (atBlock === undefined) return { request, context: blockContext() }
    request.atBlock = atBlock
    return { request, context: contextOf(blocks, atBlock) }
  }

  return {
    eth_call: method(
      [callObject(), optional(blockTag()), optional(stateOverrides()), optional(blockOverrides())],
      async ([call, tag, overrides, block]) => {
        const { request, context } = at(tag, call, overrides)
        const result = await caller.call(request, block ? block(context) : context)
        if (!result.success) throw callFailure(result)
        return dataHex(result.returnData)
      },
    ),
    eth_estimateGas: method(
      [callObject(), optional(blockTag()), optional(stateOverrides())],
      async ([call, tag, overrides]) => {
        const { request, context } = at(tag, call, overrides)
        try {
          return quantityHex(await caller.estimateGas(request, context))
        } catch (error) {
          throw estimateFailure(error)
        }
      },
    ),
    eth_createAccessList: method([callObject(), optional(blockTag())], async ([call, tag]) => {
      const { request, context } = at(tag, call)
      const result = await caller.createAccessList(request, context)
      return {
        accessList: result.accessList.map((entry) => ({
          address: addressHex(entry.address),
          storageKeys: entry.storageKeys.map(dataHex),
        })),
        gasUsed: quantityHex(result.gasUsed),
        ...(result.success ? {} : { error: callFailure(result).shortMessage }),
      }
    }),
  }
}

/** The context sealed block `blockNumber` ran its transactions in. */
function contextOf(blocks: BlockSource, blockNumber: bigint): BlockContext {
  const block = blocks.getBlockByNumber(blockNumber)
  if (!block) throw new RtevmError(ErrorCode.NotFound, `block ${blockNumber} not found`)
  return blockContextOf(block.header)
}
