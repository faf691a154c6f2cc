import type { Block, BlockContext, BlockHeader, MiniBlock, StateDiff } from '@rtevm/protocol'
import { hashBlockHeader } from '@rtevm/protocol'
import { orBloom } from '@rtevm/protocol/bloom'
import type { Keccak } from '../commitment/index.ts'
import { EMPTY_REQUESTS_HASH, EMPTY_TRIE_ROOT, EMPTY_UNCLE_HASH, ZERO_HASH } from './constants.ts'
import { createDiffAccumulator } from './createDiffAccumulator.ts'
import { createOrderedTrie } from './createOrderedTrie.ts'
import { encodeReceipt, transactionType } from './encodeReceipt.ts'

/** Applies a block's merged diff to the state commitment and returns the new state root. */
export type CommitDiff = (diff: StateDiff) => Uint8Array

/**
 * Assembles the open EVM block from its mini-blocks and seals it: transactions
 * root, receipts root, logs bloom, and the state root from one batched
 * commitment update.
 */
export type BlockBuilder = {
  readonly context: BlockContext
  gasUsed(): bigint
  txCount(): number
  miniBlockCount(): number
  addMiniBlock(miniBlock: MiniBlock, blooms: readonly Uint8Array[]): void
  /** Hashes the transactions and receipts tries so far, so the seal hashes only what comes after (call when idle). */
  prepare(): void
  seal(parentHash: Uint8Array): Block
}

/** `keccak`, when given, hashes both tries (they hash one at a time); a builder per block may share one. */
export function createBlockBuilder(
  context: BlockContext,
  commitDiff: CommitDiff,
  keccak?: Keccak,
): BlockBuilder {
  const rawTransactions: Uint8Array[] = []
  const transactionHashes: Uint8Array[] = []
  const transactionsTrie = createOrderedTrie(keccak)
  const receiptsTrie = createOrderedTrie(keccak)
  const bloom = new Uint8Array(256)
  const diffs = createDiffAccumulator()
  let gasUsed = 0n
  let miniBlockCount = 0
  let firstMiniBlock = 0n

  return {
    context,
    gasUsed: () => gasUsed,
    txCount: () => rawTransactions.length,
    miniBlockCount: () => miniBlockCount,
    addMiniBlock(miniBlock, blooms) {
      if (miniBlockCount === 0) firstMiniBlock = miniBlock.number
      miniBlockCount++
      for (let i = 0; i < miniBlock.transactions.length; i++) {
        const tx = miniBlock.transactions[i]
        rawTransactions.push(tx.raw)
        transactionHashes.push(tx.hash)
        transactionsTrie.push(tx.raw)
        receiptsTrie.push(encodeReceipt(transactionType(tx.raw), miniBlock.receipts[i], blooms[i]))
        orBloom(bloom, blooms[i])
      }
      gasUsed += miniBlock.gasUsed
      diffs.add(miniBlock.stateDiff)
    },
    prepare() {
      transactionsTrie.prepare()
      receiptsTrie.prepare()
    },
    seal(parentHash) {
      const header: BlockHeader = {
        parentHash,
        uncleHash: EMPTY_UNCLE_HASH,
        coinbase: context.coinbase,
        stateRoot: commitDiff(diffs.take()),
        transactionsRoot: transactionsTrie.root(),
        receiptsRoot: receiptsTrie.root(),
        logsBloom: bloom,
        difficulty: 0n,
        number: context.number,
        gasLimit: context.gasLimit,
        gasUsed,
        timestamp: context.timestamp,
        extraData: new Uint8Array(0),
        mixHash: context.prevRandao,
        nonce: new Uint8Array(8),
        baseFeePerGas: context.baseFeePerGas,
        withdrawalsRoot: EMPTY_TRIE_ROOT,
        blobGasUsed: 0n,
        excessBlobGas: 0n,
        parentBeaconBlockRoot: ZERO_HASH,
        requestsHash: EMPTY_REQUESTS_HASH,
      }
      return {
        header,
        hash: hashBlockHeader(header),
        miniBlockCount,
        firstMiniBlock,
        transactionHashes,
      }
    },
  }
}
