import type { MiniBlockSummary, TransactionSummary } from '../graphql/types.ts'
import type { EdgeSocket } from './createEdgeSocket.ts'

/**
 * The home page's live rows straight from the edge, in the indexer's shapes (decimal strings,
 * lowercase hex): the edge notifies a mini-block as soon as its replica has it, while the indexer
 * notifies it after its database commit. Both feeds run; the ring window keeps whichever copy of a
 * mini-block comes first (`sequenceOf`).
 */

/** `eth_subscribe` params of the edge's mini-block stream: header, hashes and a receipt summary. */
export const EDGE_MINI_BLOCKS = ['miniBlocks', { detail: 'receipts' }] as const

/** One `miniBlocks` notification at the `receipts` detail (hex quantities, µs timestamp). */
type EdgeMiniBlock = {
  number: string
  blockNumber: string
  timestamp: string
  gasUsed: string
  transactionCount: string
  transactions: string[]
  receipts: {
    transactionHash: string
    from: string
    status: string
    gasUsed: string
    contractAddress: string | null
  }[]
}

type EdgeTransaction = { hash: string; to: string | null; value: string; gasPrice: string }

const decimal = (hex: string) => BigInt(hex).toString()

export function miniBlockFromEdge(result: unknown): MiniBlockSummary {
  const mb = result as EdgeMiniBlock
  return {
    number: decimal(mb.number),
    blockNumber: decimal(mb.blockNumber),
    timestampUs: decimal(mb.timestamp),
    gasUsed: decimal(mb.gasUsed),
    transactionCount: Number(mb.transactionCount),
  }
}

/**
 * The mini-block's transactions in execution order (as the indexer sends them). The notification has
 * each one's hash, sender, status and gas; recipient, value and the price paid (for the fee) come
 * from one batch of `eth_getTransactionByHash` over the same socket, for the newest `limit` only
 * (the others would leave the window before a frame anyway).
 */
export async function transactionsFromEdge(
  result: unknown,
  edge: EdgeSocket,
  limit: number,
): Promise<TransactionSummary[]> {
  const mb = result as EdgeMiniBlock
  const receipts = mb.receipts.slice(-limit)
  if (receipts.length === 0) return []
  const found = (await edge.call(
    receipts.map((r) => ({ method: 'eth_getTransactionByHash', params: [r.transactionHash] })),
  )) as (EdgeTransaction | null)[]
  const header = miniBlockFromEdge(mb)
  const rows: TransactionSummary[] = []
  receipts.forEach((receipt, i) => {
    const tx = found[i]
    if (!tx) return
    rows.push({
      hash: receipt.transactionHash,
      blockNumber: header.blockNumber,
      miniBlockNumber: header.number,
      timestampUs: header.timestampUs,
      from: receipt.from.toLowerCase(),
      to: tx.to ? tx.to.toLowerCase() : null,
      value: decimal(tx.value),
      status: Number(receipt.status),
      fee: (BigInt(receipt.gasUsed) * BigInt(tx.gasPrice)).toString(),
      contractAddress: receipt.contractAddress ? receipt.contractAddress.toLowerCase() : null,
    })
  })
  return rows
}
