import type { IndexedLog, IndexedTokenTransfer } from '../follower/CommittedBatch.ts'

/** keccak256("Transfer(address,address,uint256)"), shared by ERC-20 and ERC-721. */
const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef'
const TRANSFER_TOPIC_BYTES = Buffer.from(TRANSFER_TOPIC.slice(2), 'hex')

/**
 * Reads `log` as a token transfer: ERC-20 when it has 3 topics and a 32-byte
 * amount, ERC-721 when it has 4 topics (the id indexed) and no data. Anything
 * else — another event, or a `Transfer` of another shape — is not one.
 */
export function decodeTokenTransfer(log: IndexedLog): IndexedTokenTransfer | undefined {
  const { topics, data } = log
  if (topics.length < 3 || !TRANSFER_TOPIC_BYTES.equals(topics[0])) return undefined
  if (!isAddressWord(topics[1]) || !isAddressWord(topics[2])) return undefined
  const base = { log, token: log.address, from: topics[1].subarray(12), to: topics[2].subarray(12) }
  if (topics.length === 3 && data.length === 32) return { ...base, standard: 'erc20', value: toBigInt(data) }
  if (topics.length === 4 && data.length === 0) {
    return { ...base, standard: 'erc721', value: 1n, tokenId: toBigInt(topics[3]) }
  }
  return undefined
}

function isAddressWord(word: Uint8Array): boolean {
  if (word.length !== 32) return false
  for (let i = 0; i < 12; i++) if (word[i] !== 0) return false
  return true
}

function toBigInt(word: Uint8Array): bigint {
  return word.length === 0 ? 0n : BigInt(`0x${Buffer.from(word).toString('hex')}`)
}
