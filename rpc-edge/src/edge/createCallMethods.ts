import {
  type BlockContext,
  type BlockSource,
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
import { blockTag, type MethodTable, method, optional } from '../jsonrpc/index.ts'
import { requireNewestState } from '../methods/index.ts'
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

/** eth_call, eth_estimateGas, eth_createAccessList against the newest state (the replica's). */
export function createCallMethods({ caller, blocks, blockContext }: CallMethodsDeps): MethodTable {
  const request = (call: CallRequest, overrides: CallRequest['stateOverride']): CallRequest =>
    overrides ? { ...call, stateOverride: overrides } : call

  return {
    eth_call: method(
      [callObject(), optional(blockTag()), optional(stateOverrides()), optional(blockOverrides())],
      async ([call, tag, overrides, block]) => {
        requireNewestState(tag, blocks.head())
        const context = block ? block(blockContext()) : blockContext()
        const result = await caller.call(request(call, overrides), context)
        if (!result.success) throw callFailure(result)
        return dataHex(result.returnData)
      },
    ),
    eth_estimateGas: method(
      [callObject(), optional(blockTag()), optional(stateOverrides())],
      async ([call, tag, overrides]) => {
        requireNewestState(tag, blocks.head())
        try {
          return quantityHex(await caller.estimateGas(request(call, overrides), blockContext()))
        } catch (error) {
          throw estimateFailure(error)
        }
      },
    ),
    eth_createAccessList: method([callObject(), optional(blockTag())], async ([call, tag]) => {
      requireNewestState(tag, blocks.head())
      const result = await caller.createAccessList(call, blockContext())
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
