import type { Block, MiniBlock, Rewind } from '@rtevm/protocol'
import { hashBlockHeader } from '@rtevm/protocol'
import {
  commitDiffTo,
  createDiffAccumulator,
  EMPTY_TRIE_ROOT,
  encodeReceipt,
  orderedTrieRoot,
  ReplicaMismatchError,
  transactionType,
  ZERO_HASH,
} from '../block/index.ts'
import type { StateCommitment } from '../commitment/index.ts'
import { hexFromBytes } from '../state/index.ts'
import { createBloomHasher } from './createBloomHasher.ts'

/**
 * Re-derives each EVM block from the mini-blocks the replica applied and
 * checks the sealed block against it: state root (from the merged diffs, on
 * the replica's own commitment), transactions and receipts roots, logs bloom,
 * gas used, counts and the hash chain.
 */
export type BlockVerifier = {
  /** Number of the block the next mini-block must belong to. */
  openBlockNumber(): bigint
  /** Checks a mini-block's position and adds it to the open block; call before applying its diff. */
  addMiniBlock(miniBlock: MiniBlock): void
  /** Checks `block` against the open block; throws ReplicaMismatchError. Opens the next block. */
  verify(block: Block): void
  /**
   * The chain went back to `rewind.block` (a block this verifier checked): commits the rewind's
   * diff, checks the root is that block's again, and opens the block after it.
   */
  rewind(rewind: Rewind): void
}

/**
 * `deriveRoots: false` (a source in the same process, which derived them): the transactions
 * and receipts roots and the logs bloom are taken as sealed, not derived again; the state
 * root, the hash chain and every count and position are still checked.
 */
export function createBlockVerifier(
  commitment: StateCommitment,
  { deriveRoots = true }: { deriveRoots?: boolean } = {},
): BlockVerifier {
  const commitDiff = commitDiffTo(commitment)
  const logsBloom = createBloomHasher()
  let number = 0n
  let parentHash: Uint8Array = ZERO_HASH
  let open = newOpenBlock()
  let nextMiniBlock = 1n

  function newOpenBlock() {
    return {
      diffs: createDiffAccumulator(),
      raw: [] as Uint8Array[],
      hashes: [] as Uint8Array[],
      receipts: [] as Uint8Array[],
      bloom: new Uint8Array(256),
      gasUsed: 0n,
      miniBlocks: 0,
      firstMiniBlock: 0n,
    }
  }

  function check(field: string, expected: unknown, computed: unknown) {
    if (expected !== computed) throw new ReplicaMismatchError(number, field, show(expected), show(computed))
  }

  function checkBytes(field: string, expected: Uint8Array, computed: Uint8Array) {
    if (!sameBytes(expected, computed))
      throw new ReplicaMismatchError(number, field, show(expected), show(computed))
  }

  return {
    openBlockNumber: () => number,
    addMiniBlock(miniBlock) {
      check('miniBlock.number', miniBlock.number, nextMiniBlock)
      check('miniBlock.blockNumber', miniBlock.blockNumber, number)
      check('miniBlock.indexInBlock', miniBlock.indexInBlock, open.miniBlocks)
      check('miniBlock.firstTxIndex', miniBlock.firstTxIndex, open.hashes.length)
      check('miniBlock.receipts.length', miniBlock.receipts.length, miniBlock.transactions.length)
      nextMiniBlock++
      if (open.miniBlocks === 0) open.firstMiniBlock = miniBlock.number
      open.miniBlocks++
      open.gasUsed += miniBlock.gasUsed
      open.diffs.add(miniBlock.stateDiff)
      for (const tx of miniBlock.transactions) open.hashes.push(tx.hash)
      if (!deriveRoots) return
      for (let i = 0; i < miniBlock.transactions.length; i++) {
        const tx = miniBlock.transactions[i]
        const receipt = miniBlock.receipts[i]
        // The stream carries no blooms: derive them, so the receipts root checks the logs too.
        const bloom = logsBloom(receipt.logs)
        open.raw.push(tx.raw)
        open.receipts.push(encodeReceipt(transactionType(tx.raw), receipt, bloom))
        for (let b = 0; b < 256; b++) open.bloom[b] |= bloom[b]
      }
    },
    verify(block) {
      const { header } = block
      check('number', header.number, number)
      checkBytes('parentHash', header.parentHash, parentHash)
      check('miniBlockCount', block.miniBlockCount, open.miniBlocks)
      check('firstMiniBlock', block.firstMiniBlock, open.firstMiniBlock)
      check('transactionHashes.length', block.transactionHashes.length, open.hashes.length)
      for (let i = 0; i < open.hashes.length; i++)
        checkBytes(`transactionHashes[${i}]`, block.transactionHashes[i], open.hashes[i])
      check('gasUsed', header.gasUsed, open.gasUsed)
      checkBytes('stateRoot', header.stateRoot, commitDiff(open.diffs.take()))
      if (deriveRoots) {
        checkBytes('transactionsRoot', header.transactionsRoot, rootOf(open.raw))
        checkBytes('receiptsRoot', header.receiptsRoot, rootOf(open.receipts))
        checkBytes('logsBloom', header.logsBloom, open.bloom)
      }
      checkBytes('hash', block.hash, hashBlockHeader(header))
      parentHash = block.hash
      number++
      open = newOpenBlock()
    },
    rewind({ block, miniBlockNumber, stateDiff }) {
      number = block.header.number
      checkBytes('stateRoot after the rewind', block.header.stateRoot, commitDiff(stateDiff))
      parentHash = block.hash
      number++
      nextMiniBlock = miniBlockNumber + 1n
      open = newOpenBlock()
    },
  }
}

function rootOf(items: Uint8Array[]): Uint8Array {
  return items.length ? orderedTrieRoot(items) : EMPTY_TRIE_ROOT
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function show(value: unknown): string {
  return value instanceof Uint8Array ? `0x${hexFromBytes(value)}` : String(value)
}
