import type { LogRecord, Rewound } from '@rtevm/protocol'

/** One abandoned mini-block's logs, with the hash of its block when that block had been sealed. */
export type RewoundLogs = { logs: LogRecord[]; blockHash: Uint8Array | undefined }

/**
 * The logs a rewind abandoned, positioned as they were: log indexes count
 * within each EVM block, and a rewind abandons whole blocks (it returns to a
 * sealed one), so each block's abandoned mini-blocks start at its log 0.
 */
export function logsOfRewound({ miniBlocks, blocks }: Rewound): RewoundLogs[] {
  const hashOf = new Map(blocks.map((block) => [block.header.number, block.hash]))
  let blockNumber = -1n
  let logIndex = 0
  return miniBlocks.map((mb) => {
    if (mb.blockNumber !== blockNumber) [blockNumber, logIndex] = [mb.blockNumber, 0]
    const logs = mb.receipts.flatMap((receipt, i) =>
      receipt.logs.map((log) => ({
        ...log,
        blockNumber: mb.blockNumber,
        miniBlockNumber: mb.number,
        transactionHash: mb.transactions[i].hash,
        txIndex: mb.firstTxIndex + i,
        logIndex: logIndex++,
      })),
    )
    return { logs, blockHash: hashOf.get(mb.blockNumber) }
  })
}
