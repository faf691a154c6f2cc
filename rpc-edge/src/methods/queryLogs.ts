import type { BlockSource, LogQuery } from '@rtevm/protocol'
import { ErrorCode, RtevmError } from '@rtevm/protocol'
import { hexToBytes } from 'viem'
import { RpcErrorCode } from '../errors/index.ts'
import { formatLog } from '../format/index.ts'
import { type BlockTag, blockTag, expected } from '../jsonrpc/index.ts'
import { miniBlockBound } from './miniBlockRange.ts'

const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const HASH32 = /^0x[0-9a-fA-F]{64}$/
const OPEN_BLOCK_HASH = new Uint8Array(32)

/** An eth_getLogs / eth_newFilter filter, parsed. */
export type LogFilter = {
  fromBlock?: BlockTag
  toBlock?: BlockTag
  blockHash?: Uint8Array
  addresses?: Uint8Array[]
  topics?: LogQuery['topics']
}

function hexOf(value: unknown, shape: RegExp, what: string): Uint8Array {
  if (typeof value !== 'string' || !shape.test(value)) return expected(what, value)
  return hexToBytes(value as `0x${string}`)
}

/** Validates a filter object; bad fields are -32602 naming the field and its expected shape. */
export function parseLogFilter(o: Record<string, unknown>): LogFilter {
  const filter: LogFilter = {}
  const tag = blockTag()
  if (o.fromBlock != null) filter.fromBlock = tag.parse(o.fromBlock)
  if (o.toBlock != null) filter.toBlock = tag.parse(o.toBlock)
  if (o.blockHash != null) {
    if (filter.fromBlock || filter.toBlock) return expected('blockHash without fromBlock/toBlock', o)
    filter.blockHash = hexOf(o.blockHash, HASH32, 'blockHash as a 32-byte hash')
  }
  if (o.address != null) {
    const list = Array.isArray(o.address) ? o.address : [o.address]
    filter.addresses = list.map((a) => hexOf(a, ADDRESS, 'address as a 20-byte address or an array of them'))
  }
  if (o.topics != null) {
    if (!Array.isArray(o.topics) || o.topics.length > 4)
      return expected('topics as at most 4 entries', o.topics)
    filter.topics = o.topics.map((t) => {
      if (t === null) return null
      if (Array.isArray(t)) return t.map((x) => hexOf(x, HASH32, 'a 32-byte topic'))
      return hexOf(t, HASH32, 'a 32-byte topic')
    })
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
