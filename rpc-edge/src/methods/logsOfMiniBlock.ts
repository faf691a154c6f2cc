import type { BlockSource, LogRecord, MiniBlock } from '@rtevm/protocol'

/** A mini-block's logs with their positions (log indexes count within the EVM block). */
export function logsOfMiniBlock(miniBlock: MiniBlock, blocks: BlockSource): LogRecord[] {
  return miniBlock.receipts.flatMap((receipt, i) => {
    const tx = miniBlock.transactions[i]
    const firstLogIndex = blocks.getTransaction(tx.hash)?.firstLogIndex ?? 0
    return receipt.logs.map((log, j) => ({
      ...log,
      blockNumber: miniBlock.blockNumber,
      miniBlockNumber: miniBlock.number,
      transactionHash: tx.hash,
      txIndex: miniBlock.firstTxIndex + i,
      logIndex: firstLogIndex + j,
    }))
  })
}
