/**
 * What resolvers pass around, whether read from SQL (see `rows.ts`) or built
 * from a `CommittedBatch` in memory (see `subscriptions/createBatchView.ts`).
 * Quantities are bigints; bytes are Uint8Array or 0x-hex (the scalars accept both).
 */
export type Bytes = Uint8Array | string

export type BlockModel = {
  number: bigint
  hash: Bytes
  parentHash: Bytes
  timestamp: bigint
  gasLimit: bigint
  gasUsed: bigint
  baseFeePerGas: bigint
  stateRoot: Bytes
  transactionsRoot: Bytes
  receiptsRoot: Bytes
  logsBloom: Bytes
  miner: Bytes
  miniBlockCount: number
  firstMiniBlock: bigint
  transactionCount: number
  /** Known when built from a batch; otherwise read from the cursor. */
  finalizedBlock?: bigint
}

export type MiniBlockModel = {
  number: bigint
  blockNumber: bigint
  blockHash: Bytes | null
  indexInBlock: number
  firstTransactionIndex: number
  timestampUs: bigint
  gasUsed: bigint
  transactionCount: number
}

export type LogModel = {
  blockNumber: bigint
  logIndex: number
  transactionHash: Bytes
  transactionIndex: number
  miniBlockNumber: bigint
  timestampUs: bigint
  address: Bytes
  topics: Bytes[]
  data: Bytes
}

export type TokenTransferModel = {
  blockNumber: bigint
  logIndex: number
  transactionHash: Bytes
  miniBlockNumber: bigint
  timestampUs: bigint
  tokenAddress: Bytes
  from: Bytes
  to: Bytes
  value: bigint
  tokenId: bigint | null
}

export type TransactionModel = {
  hash: Bytes
  blockNumber: bigint
  blockHash: Bytes | null
  miniBlockNumber: bigint
  transactionIndex: number
  timestampUs: bigint
  type: number
  from: Bytes
  to: Bytes | null
  nonce: bigint
  value: bigint
  gasLimit: bigint
  gasPrice: bigint | null
  maxFeePerGas: bigint | null
  maxPriorityFeePerGas: bigint | null
  input: Bytes
  status: number
  gasUsed: bigint
  cumulativeGasUsed: bigint
  effectiveGasPrice: bigint
  contractAddress: Bytes | null
  revertData: Bytes | null
  finalizedBlock?: bigint
  /** Present when built from a batch (no query needed). */
  logs?: LogModel[]
  tokenTransfers?: TokenTransferModel[]
}

export type TokenModel = {
  address: Bytes
  standard: 'ERC20' | 'ERC721'
  name: string | null
  symbol: string | null
  decimals: number | null
  firstBlock: bigint
  transferCount: bigint
  holderCount: bigint
}

export type TokenBalanceModel = { tokenAddress: Bytes; holder: Bytes; balance: bigint }

export type AccountModel = {
  address: Bytes
  balance: bigint
  nonce: bigint
  transactionCount: bigint
  updatedMiniBlock: bigint
  isContract: boolean
  creator: Bytes | null
  creationTransaction: Bytes | null
}

/** A committed rewind, with how much of the index it abandoned (the head before it minus the rewind point). */
export type RewindModel = {
  block: bigint
  miniBlock: bigint
  abandonedBlocks: number
  abandonedMiniBlocks: number
  cursor: bigint
}

export type MetaModel = {
  cursor: bigint
  headMiniBlock: bigint
  headBlock: bigint
  finalizedBlock: bigint
  headTimestampUs: bigint
}

export type Connection<T> = { items: T[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } }
