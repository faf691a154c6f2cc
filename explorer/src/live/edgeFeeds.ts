import { type MiniBlock, type MiniBlockDetail, type RealtimeClient, socketOf } from '@rtevm/client'
import type { MiniBlockSummary, TransactionSummary } from '../graphql/types.ts'

/**
 * The home page's live rows straight from the edge, in the indexer's shapes (decimal strings,
 * lowercase hex): the edge notifies a mini-block as soon as its replica has it, while the indexer
 * notifies it after its database commit. Both feeds run; the ring window keeps whichever copy of a
 * mini-block comes first (`sequenceOf`).
 */

/** How much of each mini-block the edge sends the explorer: header, hashes and a receipt summary. */
export const EDGE_MINI_BLOCK_DETAIL: MiniBlockDetail = 'receipts'

type EdgeTransaction = { hash: string; to: string | null; value: string; gasPrice: string }

export function miniBlockFromEdge(mb: MiniBlock): MiniBlockSummary {
  return {
    number: mb.number.toString(),
    blockNumber: mb.blockNumber.toString(),
    timestampUs: mb.timestampUs.toString(),
    gasUsed: mb.gasUsed.toString(),
    transactionCount: mb.transactionCount,
  }
}

/**
 * The mini-block's transactions in execution order (as the indexer sends them). The notification has
 * each one's hash, sender, status and gas; recipient, value and the price paid (for the fee) come
 * from one batch of `eth_getTransactionByHash` over the same socket, for the newest `limit` only
 * (the others would leave the window before a frame anyway).
 */
export async function transactionsFromEdge(
  mb: MiniBlock,
  edge: RealtimeClient,
  limit: number,
): Promise<TransactionSummary[]> {
  const receipts = (mb.receipts ?? []).slice(-limit)
  if (receipts.length === 0) return []
  const found = (await socketOf(edge, 'transactionsFromEdge').batch(
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
      value: BigInt(tx.value).toString(),
      status: receipt.status === 'success' ? 1 : 0,
      fee: (receipt.gasUsed * BigInt(tx.gasPrice)).toString(),
      contractAddress: receipt.contractAddress ? receipt.contractAddress.toLowerCase() : null,
    })
  })
  return rows
}
