import type { BlockSource, LogQuery } from '@rtevm/protocol'
import { ErrorCode, RtevmError } from '@rtevm/protocol'
import { RpcErrorCode } from '../errors/index.ts'
import { formatLog } from '../format/index.ts'
import {
  address,
  type BlockTag,
  blockNumberOrTag,
  expected,
  field,
  hash32,
  type Param,
  ParamShapeError,
} from '../jsonrpc/index.ts'
import { miniBlockBound } from './miniBlockRange.ts'

const OPEN_BLOCK_HASH = new Uint8Array(32)

/** An eth_getLogs / eth_newFilter filter, parsed. */
export type LogFilter = {
  fromBlock?: BlockTag
  toBlock?: BlockTag
  blockHash?: Uint8Array
  addresses?: Uint8Array[]
  topics?: LogQuery['topics']
}

const bound = blockNumberOrTag()
const oneAddress = address()
const oneTopic = hash32('topic')

/** One value or a flat array of them (a filter's `address`). */
function oneOrList<T>(param: Param<T>): Param<T[]> {
  return {
    name: param.name,
    optional: false,
    parse: (value) => (Array.isArray(value) ? value : [value]).map((one) => param.parse(one)),
  }
}

const addresses = oneOrList(oneAddress)
const topics: Param<LogQuery['topics']> = {
  name: 'topics',
  optional: false,
  parse(value) {
    if (!Array.isArray(value) || value.length > 4) return expected('an array of at most 4 topics', value)
    // A single topic stays bytes (not a one-element list), as the log store indexes it.
    return value.map((topic) => {
      if (topic === null) return null
      return Array.isArray(topic) ? topic.map((one) => oneTopic.parse(one)) : oneTopic.parse(topic)
    })
  },
}

/**
 * Validates a filter object as geth does; a bad field is -32602 naming it.
 * `blockHash` excludes `fromBlock`/`toBlock`, and numeric bounds must not be
 * reversed (a reversed range is a client bug, not an empty answer).
 */
export function parseLogFilter(o: Record<string, unknown>): LogFilter {
  const filter: LogFilter = {
    fromBlock: field(o, 'fromBlock', bound),
    toBlock: field(o, 'toBlock', bound),
    blockHash: field(o, 'blockHash', hash32()),
    addresses: field(o, 'address', addresses),
    topics: field(o, 'topics', topics),
  }
  if (filter.blockHash && (filter.fromBlock || filter.toBlock)) {
    throw new ParamShapeError('blockHash cannot be combined with fromBlock/toBlock')
  }
  const { fromBlock: from, toBlock: to } = filter
  if (from?.kind === 'number' && to?.kind === 'number' && from.number > to.number) {
    throw new ParamShapeError(`fromBlock ${o.fromBlock} is after toBlock ${o.toBlock}`)
  }
  return filter
}

/**
 * eth_getLogs over the replica's retained mini-blocks; EVM block bounds map
 * to mini-block ranges. More than `maxLogs` results → -32005.
 */
export function queryLogs(blocks: BlockSource, filter: LogFilter, maxLogs: number): unknown[] {
  let from: bigint
  let to: bigint
  if (filter.blockHash) {
    const block = blocks.getBlockByHash(filter.blockHash)
    if (!block) throw new RtevmError(ErrorCode.NotFound, 'unknown block')
    from = block.firstMiniBlock
    to = block.miniBlockCount === 0 ? -1n : block.firstMiniBlock + BigInt(block.miniBlockCount - 1)
  } else {
    const latest: BlockTag = { kind: 'named', tag: 'latest' }
    from = miniBlockBound(blocks, filter.fromBlock ?? latest, 'from')
    to = miniBlockBound(blocks, filter.toBlock ?? latest, 'to')
  }
  if (to < from) return []
  const logs = blocks.getLogs({
    fromMiniBlock: from,
    toMiniBlock: to,
    addresses: filter.addresses,
    topics: filter.topics,
    limit: maxLogs + 1,
  })
  if (logs.length > maxLogs) {
    const message = `query returned more than ${maxLogs} results; narrow the block range or the filter`
    throw new RtevmError(RpcErrorCode.LimitExceeded, message, { retryable: true })
  }
  const hashes = new Map<bigint, Uint8Array>()
  return logs.map((log) => {
    let hash = hashes.get(log.blockNumber)
    if (!hash) {
      hash = blocks.getBlockByNumber(log.blockNumber)?.hash ?? OPEN_BLOCK_HASH
      hashes.set(log.blockNumber, hash)
    }
    return formatLog(log, hash)
  })
}
