// Shapes of the indexer's GraphQL results (indexer/src/graphql/schema.graphql),
// as the queries in queries.ts select them. BigInt fields are decimal strings.

export type Connection<T> = { items: T[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } }

export type FinalityStage = 'PRECONFIRMED' | 'SEALED' | 'FINALIZED'
export type TokenStandard = 'ERC20' | 'ERC721'
export type SearchKind = 'TRANSACTION' | 'BLOCK' | 'MINI_BLOCK' | 'ACCOUNT' | 'TOKEN'

export type Meta = {
  cursor: string
  headMiniBlock: string
  headBlock: string
  finalizedBlock: string
  headTimestampUs: string
  lagMs: number
  lagEvents: number
}

export type BlockSummary = {
  number: string
  hash: string
  timestamp: string
  gasUsed: string
  miniBlockCount: number
  transactionCount: number
  finalized: boolean
}

export type Block = BlockSummary & {
  parentHash: string
  gasLimit: string
  baseFeePerGas: string
  stateRoot: string
  transactionsRoot: string
  receiptsRoot: string
  miner: string
  firstMiniBlock: string
}

export type MiniBlockSummary = {
  number: string
  blockNumber: string
  timestampUs: string
  gasUsed: string
  transactionCount: number
}

export type MiniBlock = MiniBlockSummary & {
  blockHash: string | null
  indexInBlock: number
  firstTransactionIndex: number
}

export type TransactionSummary = {
  hash: string
  blockNumber: string
  miniBlockNumber: string
  timestampUs: string
  from: string
  to: string | null
  value: string
  status: number
  fee: string
  contractAddress: string | null
}

export type Log = {
  logIndex: number
  address: string
  topics: string[]
  data: string
}

export type TokenRef = {
  address: string
  standard: TokenStandard
  name: string | null
  symbol: string | null
  decimals: number | null
}

export type TokenTransfer = {
  blockNumber: string
  logIndex: number
  transactionHash: string
  miniBlockNumber: string
  timestampUs: string
  token: TokenRef
  from: string
  to: string
  value: string
  tokenId: string | null
}

export type Transaction = TransactionSummary & {
  blockHash: string | null
  transactionIndex: number
  type: number
  nonce: string
  gasLimit: string
  gasPrice: string | null
  maxFeePerGas: string | null
  maxPriorityFeePerGas: string | null
  input: string
  gasUsed: string
  effectiveGasPrice: string
  revertData: string | null
  stage: FinalityStage
  logs: Log[]
  tokenTransfers: TokenTransfer[]
}

export type TokenBalance = { token: TokenRef; holder: string; balance: string }

export type Account = {
  address: string
  balance: string
  nonce: string
  transactionCount: string
  isContract: boolean
  creator: string | null
  creationTransaction: string | null
  token: TokenRef | null
  transactions: Connection<TransactionSummary>
  tokenBalances: Connection<TokenBalance>
  tokenTransfers: Connection<TokenTransfer>
}

export type Token = TokenRef & {
  firstBlock: string
  transferCount: string
  holderCount: string
  holders: Connection<TokenBalance>
  transfers: Connection<TokenTransfer>
}

export type StatsBucket = {
  startUs: string
  transactions: number
  gasUsed: string
  miniBlocks: number
  meanMiniBlockIntervalUs: number | null
}

export type Stats = {
  windowSeconds: number
  bucketSeconds: number
  transactionsPerSecond: number
  gasPerSecond: number
  miniBlocksPerSecond: number
  meanMiniBlockIntervalUs: number | null
  buckets: StatsBucket[]
}

export type SearchResult = { kind: SearchKind; key: string }
