import type { CommittedBatch, IndexedTokenTransfer } from '../../follower/CommittedBatch.ts'
import { parseSealedTransaction } from '../../writer/parseSealedTransaction.ts'
import type {
  BlockModel,
  LogModel,
  MetaModel,
  MiniBlockModel,
  RewindModel,
  TokenTransferModel,
  TransactionModel,
} from '../models.ts'
import { toHex } from '../scalars.ts'

/** A batch's payloads, built in memory at most once per batch however many subscribers share them. */
export type BatchView = {
  readonly batch: CommittedBatch
  miniBlocks(): MiniBlockModel[]
  blocks(): BlockModel[]
  transactions(): TransactionModel[]
  logs(): LogModel[]
  tokenTransfers(): TokenTransferModel[]
  rewinds(): RewindModel[]
}

function once<T>(build: () => T): () => T {
  let value: T | undefined
  let built = false
  return () => {
    if (!built) {
      value = build()
      built = true
    }
    return value as T
  }
}

function toTransferModel(transfer: IndexedTokenTransfer): TokenTransferModel {
  const { log } = transfer
  return {
    blockNumber: log.blockNumber,
    logIndex: log.logIndex,
    transactionHash: log.transactionHash,
    miniBlockNumber: log.miniBlockNumber,
    timestampUs: log.timestampUs,
    tokenAddress: transfer.token,
    from: transfer.from,
    to: transfer.to,
    value: transfer.value,
    tokenId: transfer.tokenId ?? null,
  }
}

function groupByTransaction<M extends { transactionHash: Uint8Array | string }>(
  models: M[],
): Map<string, M[]> {
  const groups = new Map<string, M[]>()
  for (const model of models) {
    const key = toHex(model.transactionHash)
    const group = groups.get(key)
    if (group) group.push(model)
    else groups.set(key, [model])
  }
  return groups
}

/** `before`: where the index stood before this batch (what a rewind in it abandoned is measured from). */
export function createBatchView(batch: CommittedBatch, before?: MetaModel): BatchView {
  // A mini-block's block hash is known when its block was sealed in the same batch.
  const sealed = new Map(batch.blocks.map((block) => [block.header.number, block.hash]))
  const blockHashOf = (number: bigint) => sealed.get(number) ?? null
  const logs = once(() => batch.logs.map((log): LogModel => ({ ...log })))
  const tokenTransfers = once(() => batch.tokenTransfers.map(toTransferModel))
  return {
    batch,
    miniBlocks: once(() =>
      batch.miniBlocks.map((mb) => ({
        number: mb.number,
        blockNumber: mb.blockNumber,
        blockHash: blockHashOf(mb.blockNumber),
        indexInBlock: mb.indexInBlock,
        firstTransactionIndex: mb.firstTxIndex,
        timestampUs: mb.timestampUs,
        gasUsed: mb.gasUsed,
        transactionCount: mb.transactions.length,
      })),
    ),
    blocks: once(() =>
      batch.blocks.map((block) => {
        const h = block.header
        return {
          number: h.number,
          hash: block.hash,
          parentHash: h.parentHash,
          timestamp: h.timestamp,
          gasLimit: h.gasLimit,
          gasUsed: h.gasUsed,
          baseFeePerGas: h.baseFeePerGas,
          stateRoot: h.stateRoot,
          transactionsRoot: h.transactionsRoot,
          receiptsRoot: h.receiptsRoot,
          logsBloom: h.logsBloom,
          miner: h.coinbase,
          miniBlockCount: block.miniBlockCount,
          firstMiniBlock: block.firstMiniBlock,
          transactionCount: block.transactionHashes.length,
          finalizedBlock: batch.finalizedBlock,
        }
      }),
    ),
    transactions: once(() => {
      const logsOf = groupByTransaction(logs())
      const transfersOf = groupByTransaction(tokenTransfers())
      return batch.miniBlocks.flatMap((mb) =>
        mb.transactions.map((sealedTx, i): TransactionModel => {
          const parsed = parseSealedTransaction(sealedTx)
          const receipt = mb.receipts[i]
          const hash = toHex(sealedTx.hash)
          return {
            hash: sealedTx.hash,
            blockNumber: mb.blockNumber,
            blockHash: blockHashOf(mb.blockNumber),
            miniBlockNumber: mb.number,
            transactionIndex: mb.firstTxIndex + i,
            timestampUs: mb.timestampUs,
            type: parsed.type,
            from: sealedTx.from,
            to: parsed.to,
            nonce: parsed.nonce,
            value: parsed.value,
            gasLimit: parsed.gasLimit,
            gasPrice: parsed.gasPrice,
            maxFeePerGas: parsed.maxFeePerGas,
            maxPriorityFeePerGas: parsed.maxPriorityFeePerGas,
            input: parsed.input,
            status: receipt.status,
            gasUsed: receipt.gasUsed,
            cumulativeGasUsed: receipt.cumulativeGasUsed,
            effectiveGasPrice: receipt.effectiveGasPrice,
            contractAddress: receipt.contractAddress ?? null,
            revertData: receipt.revertData ?? null,
            finalizedBlock: batch.finalizedBlock,
            logs: logsOf.get(hash) ?? [],
            tokenTransfers: transfersOf.get(hash) ?? [],
          }
        }),
      )
    }),
    logs,
    tokenTransfers,
    rewinds: once(() => rewindsOf(batch, before)),
  }
}

/** A rewind is written in a batch of its own (see createIndexer), so `before` is the head just before it. */
function rewindsOf(batch: CommittedBatch, before: MetaModel | undefined): RewindModel[] {
  const models: RewindModel[] = []
  for (const event of batch.events) {
    if (event.kind !== 'rewind') continue
    const block = event.rewind.block.header.number
    const miniBlock = event.rewind.miniBlockNumber
    const above = (head: bigint | undefined, point: bigint) =>
      head !== undefined && head > point ? Number(head - point) : 0
    models.push({
      block,
      miniBlock,
      abandonedBlocks: above(before?.headBlock, block),
      abandonedMiniBlocks: above(before?.headMiniBlock, miniBlock),
      cursor: event.seq,
    })
  }
  return models
}
