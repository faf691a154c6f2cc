import type { Log, Receipt } from '../types/index.ts'
import type { ByteReader } from './ByteReader.ts'
import type { ByteWriter } from './ByteWriter.ts'

const STATUS = 1
const HAS_CONTRACT = 2
const HAS_REVERT = 4
/** Address, topic count and data length: the least a log can occupy. */
const MIN_LOG_BYTES = 22
const MAX_TOPICS = 4

/**
 * Writes a receipt body: a flags byte (status, contractAddress present,
 * revertData present), gas as varints, the price as a uint256, then logs.
 */
export function writeReceipt(w: ByteWriter, receipt: Receipt): void {
  const { status, contractAddress, revertData, logs } = receipt
  if (status !== 0 && status !== 1) w.fail('receipt.status', `${status} is not 0 or 1`)
  let flags = status
  if (contractAddress !== undefined) flags |= HAS_CONTRACT
  if (revertData !== undefined) {
    if (status === 1) w.fail('receipt.revertData', 'present on a successful receipt')
    flags |= HAS_REVERT
  }
  w.u8(flags, 'receipt.flags')
  w.u64(receipt.gasUsed, 'receipt.gasUsed')
  w.u64(receipt.cumulativeGasUsed, 'receipt.cumulativeGasUsed')
  w.uint256(receipt.effectiveGasPrice, 'receipt.effectiveGasPrice')
  if (contractAddress !== undefined) w.fixed(contractAddress, 20, 'receipt.contractAddress')
  w.varint(logs.length, 'receipt.logs')
  for (const log of logs) {
    w.fixed(log.address, 20, 'log.address')
    const topics = log.topics
    if (topics.length > MAX_TOPICS) w.fail('log.topics', `${topics.length} topics, at most ${MAX_TOPICS}`)
    w.u8(topics.length, 'log.topics')
    for (const topic of topics) w.fixed(topic, 32, 'log.topic')
    w.bytes(log.data)
  }
  if (revertData !== undefined) w.bytes(revertData)
}

/** Reads what `writeReceipt` wrote; optional fields are absent (not `undefined`) when not present. */
export function readReceipt(r: ByteReader): Receipt {
  const flags = r.flags(STATUS | HAS_CONTRACT | HAS_REVERT, 'receipt.flags')
  const status = (flags & STATUS) as 0 | 1
  if (status === 1 && flags & HAS_REVERT) r.fail('receipt.flags', 'revertData on a successful receipt')
  const gasUsed = r.u64('receipt.gasUsed')
  const cumulativeGasUsed = r.u64('receipt.cumulativeGasUsed')
  const effectiveGasPrice = r.uint256('receipt.effectiveGasPrice')
  const contractAddress = flags & HAS_CONTRACT ? r.fixed(20, 'receipt.contractAddress') : undefined
  const logCount = r.count(MIN_LOG_BYTES, 'receipt.logs')
  const logs: Log[] = []
  for (let i = 0; i < logCount; i++) {
    const address = r.fixed(20, 'log.address')
    const topicCount = r.u8('log.topics')
    if (topicCount > MAX_TOPICS) r.fail('log.topics', `${topicCount} topics, at most ${MAX_TOPICS}`)
    const topics: Uint8Array[] = []
    for (let t = 0; t < topicCount; t++) topics.push(r.fixed(32, 'log.topic'))
    logs.push({ address, topics, data: r.bytes('log.data') })
  }
  const receipt: Receipt = { status, gasUsed, cumulativeGasUsed, effectiveGasPrice, logs }
  if (contractAddress !== undefined) receipt.contractAddress = contractAddress
  if (flags & HAS_REVERT) receipt.revertData = r.bytes('receipt.revertData')
  return receipt
}
