import {
  type BlockContext,
  type BlockSource,
  ErrorCode,
  RtevmError,
  type Tracer,
  type TracerSpec,
} from '@rtevm/protocol'
import { dataHex } from '../format/index.ts'
import { blockNumberOrTag, blockTag, hash32, type MethodTable, method, optional } from '../jsonrpc/index.ts'
import { resolveBlockNumber, stateBlockOf } from '../methods/index.ts'
import { callObject } from './callRequest.ts'
import { traceCallConfig, traceConfig } from './traceConfig.ts'

export type TraceMethodsDeps = {
  tracer: Tracer
  blocks: BlockSource
  /**
   * The open block's context: with it debug_traceBlockByNumber("pending") traces the open
   * block as of the newest mini-block (the transactions eth_getBlockByNumber("pending")
   * lists); without it, the newest sealed block.
   */
  pendingContext?: () => BlockContext
}

const STRUCT_LOGGER: TracerSpec = { kind: 'struct' }

/**
 * geth's debug_traceTransaction, debug_traceCall, debug_traceBlockByNumber
 * and debug_traceBlockByHash, with its struct logger, callTracer,
 * prestateTracer and 4byteTracer. Transactions re-run on the state rewound
 * to their block's start, so blocks older than the state history window are
 * refused with -32001 naming the window.
 */
export function createTraceMethods({ tracer, blocks, pendingContext }: TraceMethodsDeps): MethodTable {
  async function traceBlock(blockNumber: bigint, spec: TracerSpec | undefined) {
    const entries = await tracer.traceBlock(blockNumber, spec ?? STRUCT_LOGGER)
    return entries.map((entry) => ({ txHash: dataHex(entry.txHash), result: entry.result }))
  }

  return {
    debug_traceTransaction: method([hash32('transaction hash'), optional(traceConfig())], ([hash, spec]) =>
      tracer.traceTransaction(hash, spec ?? STRUCT_LOGGER),
    ),
    debug_traceCall: method(
      [callObject(), optional(blockTag()), optional(traceCallConfig())],
      ([call, tag, config]) => {
        const request = { ...call, atBlock: stateBlockOf(tag, blocks), stateOverride: config?.stateOverride }
        return tracer.traceCall(request, config?.spec ?? STRUCT_LOGGER, config?.block)
      },
    ),
    debug_traceBlockByNumber: method([blockNumberOrTag(), optional(traceConfig())], ([tag, spec]) => {
      if (pendingContext && tag.kind === 'named' && tag.tag === 'pending')
        return traceBlock(pendingContext().number, spec)
      const head = blocks.head()
      const number = resolveBlockNumber(tag, head)
      if (number === undefined || number > head.block) {
        throw new RtevmError(ErrorCode.NotFound, `block ${number ?? 'of that tag'} not found`)
      }
      return traceBlock(number, spec)
    }),
    debug_traceBlockByHash: method([hash32('block hash'), optional(traceConfig())], ([hash, spec]) => {
      const block = blocks.getBlockByHash(hash)
      if (!block) throw new RtevmError(ErrorCode.NotFound, `block ${dataHex(hash)} not found`)
      return traceBlock(block.header.number, spec)
    }),
  }
}
