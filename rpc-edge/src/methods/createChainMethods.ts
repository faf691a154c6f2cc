import type {
  Block,
  BlockContext,
  BlockSource,
  StateHistoryReader,
  StateReader,
  TransactionRecord,
} from '@rtevm/protocol'
import { hexToBytes } from 'viem'
import {
  dataHex,
  decodeTransaction,
  formatBlock,
  formatReceipt,
  formatTransaction,
  quantityHex,
} from '../format/index.ts'
import { address, blockTag, boolean, hash32, type MethodTable, method, optional } from '../jsonrpc/index.ts'
import { pendingBlock } from './pendingBlock.ts'
import { resolveBlockNumber, stateBlockOf, stateOf } from './resolveBlockNumber.ts'
import { storageSlot } from './storageSlot.ts'

/** What the read methods need: the capability interfaces, never a node. */
export type ChainMethodsDeps = {
  state: StateReader & StateHistoryReader
  blocks: BlockSource
  /** An account's storage root in the newest state or at a sealed block's end; without it eth_getAccount is not served. */
  storageRoot?: (address: Uint8Array, blockNumber: bigint | undefined) => Uint8Array
  /**
   * The open block's context (the replica's `pendingBlockContext`): with it
   * eth_getBlockByNumber("pending") is the open block as of the newest mini-block;
   * without it, the newest sealed block.
   */
  pendingContext?: () => BlockContext
}

/**
 * A transaction's block may still be open (its mini-block is executed, the EVM
 * block not sealed): it has no hash yet, so the zero hash stands in until it seals.
 */
const OPEN_BLOCK_HASH = new Uint8Array(32)

/** Reads of state, blocks, transactions and receipts over `StateReader` / `BlockSource`. */
export function createChainMethods({
  state,
  blocks,
  storageRoot,
  pendingContext,
}: ChainMethodsDeps): MethodTable {
  const blockHashOf = (number: bigint) => blocks.getBlockByNumber(number)?.hash ?? OPEN_BLOCK_HASH
  /**
   * A transaction with its block's hash and time. In the still-open block: the zero hash, and
   * its mini-block's time (seconds) standing in for the block's, which it precedes by under a block interval.
   */
  function transactionOf(record: TransactionRecord) {
    const block = blocks.getBlockByNumber(record.blockNumber)
    if (block) return formatTransaction(record, block.hash, block.header.timestamp)
    const miniBlockUs = blocks.getMiniBlock(record.miniBlockNumber)?.timestampUs ?? 0n
    return formatTransaction(record, OPEN_BLOCK_HASH, miniBlockUs / 1_000_000n)
  }

  function renderBlock(block: Block | undefined, full: boolean) {
    if (!block) return null
    const records = block.transactionHashes.map((hash) => blocks.getTransaction(hash))
    const raws = records.flatMap((r) => (r ? [r.tx.raw] : []))
    const txs = full
      ? records.flatMap((r) => (r ? [formatTransaction(r, block.hash, block.header.timestamp)] : []))
      : block.transactionHashes.map(dataHex)
    return formatBlock<unknown>(block, txs, raws)
  }

  const receiptOf = (record: TransactionRecord) =>
    formatReceipt(record, blockHashOf(record.blockNumber), decodeTransaction(record.tx.raw))

  const methods: MethodTable = {
    eth_blockNumber: method([], () => quantityHex(blocks.head().block)),
    eth_getBalance: method([address(), optional(blockTag())], ([who, tag]) => {
      return quantityHex(stateOf(tag, blocks, state).getAccount(who)?.balance ?? 0n)
    }),
    eth_getTransactionCount: method([address(), optional(blockTag())], ([who, tag]) => {
      return quantityHex(stateOf(tag, blocks, state).getAccount(who)?.nonce ?? 0n)
    }),
    eth_getCode: method([address(), optional(blockTag())], ([who, tag]) => {
      return dataHex(stateOf(tag, blocks, state).getCode(who))
    }),
    eth_getStorageAt: method([address(), storageSlot(), optional(blockTag())], ([who, slot, tag]) => {
      return `0x${stateOf(tag, blocks, state).getStorage(who, slot).toString(16).padStart(64, '0')}`
    }),
    eth_getBlockByNumber: method([blockTag(), optional(boolean('full transactions'))], ([tag, full]) => {
      if (pendingContext && tag.kind === 'named' && tag.tag === 'pending')
        return pendingBlock(blocks, pendingContext(), full ?? false)
      const number = resolveBlockNumber(tag, blocks.head())
      const block =
        tag.kind === 'hash' ? blocks.getBlockByHash(tag.hash) : blocks.getBlockByNumber(number ?? 0n)
      return renderBlock(block, full ?? false)
    }),
    eth_getBlockByHash: method(
      [hash32('block hash'), optional(boolean('full transactions'))],
      ([hash, full]) => renderBlock(blocks.getBlockByHash(hash), full ?? false),
    ),
    eth_getTransactionByHash: method([hash32('transaction hash')], ([hash]) => {
      const record = blocks.getTransaction(hash)
      return record ? transactionOf(record) : null
    }),
    eth_getTransactionReceipt: method([hash32('transaction hash')], ([hash]) => {
      const record = blocks.getTransaction(hash)
      return record ? receiptOf(record) : null
    }),
  }
  if (storageRoot) {
    methods.eth_getAccount = method([address(), optional(blockTag())], ([who, tag]) => {
      const blockNumber = stateBlockOf(tag, blocks)
      const account = (blockNumber === undefined ? state : state.stateAt(blockNumber)).getAccount(who)
      return {
        codeHash: dataHex(account?.codeHash ?? EMPTY_CODE_HASH),
        storageRoot: dataHex(storageRoot(who, blockNumber)),
        balance: quantityHex(account?.balance ?? 0n),
        nonce: quantityHex(account?.nonce ?? 0n),
      }
    })
  }
  return methods
}

/** keccak256 of no code: what an account that does not exist reports (as geth). */
const EMPTY_CODE_HASH = hexToBytes('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470')
