// Every GraphQL document the explorer sends. `node explorer/scripts/generate.mjs` checks each against
// the indexer's schema and generates its result and variable types into explorer/generated/graphql/:
// `graphql()` returns the document string typed with them, so a schema change that breaks a query
// fails generation and the typecheck. Each document is a literal (no interpolation): the generator
// reads this file as text. Fragments keep the shared selections in one place.
import { graphql } from '../../generated/graphql/index.ts'

/** Rows kept in each live list of the home page. */
export const HOME_ROWS = { miniBlocks: 50, blocks: 10, transactions: 20 } as const

graphql(`
  fragment TokenRef on Token {
    address
    standard
    name
    symbol
    decimals
  }
`)
graphql(`
  fragment BlockSummary on Block {
    number
    hash
    timestamp
    gasUsed
    miniBlockCount
    transactionCount
    finalized
  }
`)
graphql(`
  fragment MiniBlockSummary on MiniBlock {
    number
    blockNumber
    timestampUs
    gasUsed
    transactionCount
  }
`)
graphql(`
  fragment TransactionSummary on Transaction {
    hash
    blockNumber
    miniBlockNumber
    timestampUs
    from
    to
    value
    status
    fee
    contractAddress
  }
`)
graphql(`
  fragment TokenTransfer on TokenTransfer {
    blockNumber
    logIndex
    transactionHash
    miniBlockNumber
    timestampUs
    from
    to
    value
    tokenId
    token {
      ...TokenRef
    }
  }
`)
graphql(`
  fragment TokenBalance on TokenBalance {
    holder
    balance
    token {
      ...TokenRef
    }
  }
`)
graphql(`
  fragment Meta on Meta {
    cursor
    headMiniBlock
    headBlock
    finalizedBlock
    headTimestampUs
    lagMs
    lagEvents
  }
`)
graphql(`
  fragment Stats on Stats {
    windowSeconds
    bucketSeconds
    transactionsPerSecond
    gasPerSecond
    miniBlocksPerSecond
    meanMiniBlockIntervalUs
    buckets {
      startUs
      transactions
      gasUsed
      miniBlocks
      meanMiniBlockIntervalUs
    }
  }
`)

/** The home page's first rows (server-rendered); sizes are HOME_ROWS. */
export const HOME_QUERY = graphql(`
  query Home($blocks: Int!, $miniBlocks: Int!, $transactions: Int!) {
    _meta {
      ...Meta
    }
    blocks(first: $blocks) {
      items {
        ...BlockSummary
      }
    }
    miniBlocks(first: $miniBlocks) {
      items {
        ...MiniBlockSummary
      }
    }
    transactions(first: $transactions) {
      items {
        ...TransactionSummary
      }
    }
    stats(windowSeconds: 60, bucketSeconds: 1) {
      ...Stats
    }
  }
`)

/** The home page's blocks again, from the browser: fills the gap before the subscription started. */
export const LATEST_BLOCKS_QUERY = graphql(`
  query LatestBlocks($first: Int!) {
    blocks(first: $first) {
      items {
        ...BlockSummary
      }
    }
  }
`)

export const BLOCK_QUERY = graphql(`
  query Block($number: BigInt, $hash: Bytes) {
    block(number: $number, hash: $hash) {
      ...BlockSummary
      parentHash
      gasLimit
      baseFeePerGas
      stateRoot
      transactionsRoot
      receiptsRoot
      miner
      firstMiniBlock
      miniBlocks(first: 100) {
        items {
          ...MiniBlockSummary
        }
        pageInfo {
          hasNextPage
        }
      }
      transactions(first: 100) {
        items {
          ...TransactionSummary
        }
        pageInfo {
          hasNextPage
        }
      }
    }
  }
`)

/** The block still open (not sealed): its mini-blocks so far. */
export const OPEN_BLOCK_QUERY = graphql(`
  query OpenBlock($number: BigInt!) {
    _meta {
      headBlock
    }
    miniBlocks(blockNumber: $number, first: 100) {
      items {
        ...MiniBlockSummary
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`)

export const MINI_BLOCK_QUERY = graphql(`
  query MiniBlock($number: BigInt!) {
    miniBlock(number: $number) {
      ...MiniBlockSummary
      blockHash
      indexInBlock
      firstTransactionIndex
      transactions(first: 100) {
        items {
          ...TransactionSummary
        }
        pageInfo {
          hasNextPage
        }
      }
    }
  }
`)

export const TRANSACTION_QUERY = graphql(`
  query Transaction($hash: Bytes!) {
    transaction(hash: $hash) {
      ...TransactionSummary
      blockHash
      transactionIndex
      type
      nonce
      gasLimit
      gasPrice
      maxFeePerGas
      maxPriorityFeePerGas
      input
      gasUsed
      effectiveGasPrice
      revertData
      stage
      logs {
        logIndex
        address
        topics
        data
      }
      tokenTransfers {
        ...TokenTransfer
      }
    }
  }
`)

export const ACCOUNT_QUERY = graphql(`
  query Account($address: Address!) {
    account(address: $address) {
      address
      balance
      nonce
      transactionCount
      isContract
      creator
      creationTransaction
      token {
        ...TokenRef
      }
      transactions(first: 25) {
        items {
          ...TransactionSummary
        }
        pageInfo {
          hasNextPage
        }
      }
      tokenBalances(first: 50) {
        items {
          ...TokenBalance
        }
        pageInfo {
          hasNextPage
        }
      }
      tokenTransfers(first: 25) {
        items {
          ...TokenTransfer
        }
        pageInfo {
          hasNextPage
        }
      }
    }
  }
`)

export const TOKEN_QUERY = graphql(`
  query Token($address: Address!) {
    token(address: $address) {
      ...TokenRef
      firstBlock
      transferCount
      holderCount
      holders(first: 50) {
        items {
          ...TokenBalance
        }
        pageInfo {
          hasNextPage
        }
      }
      transfers(first: 50) {
        items {
          ...TokenTransfer
        }
        pageInfo {
          hasNextPage
        }
      }
    }
  }
`)

export const SEARCH_QUERY = graphql(`
  query Search($query: String!) {
    search(query: $query) {
      kind
      key
    }
  }
`)

// Subscriptions: the live lists ask only for scalar fields, so the indexer
// resolves each notification without another query.
export const MINI_BLOCKS_SUBSCRIPTION = graphql(`
  subscription MiniBlocks {
    miniBlocks {
      ...MiniBlockSummary
    }
  }
`)
export const BLOCKS_SUBSCRIPTION = graphql(`
  subscription Blocks {
    blocks {
      ...BlockSummary
    }
  }
`)
export const TRANSACTIONS_SUBSCRIPTION = graphql(`
  subscription Transactions($address: Address) {
    transactions(address: $address) {
      ...TransactionSummary
    }
  }
`)
export const TOKEN_TRANSFERS_SUBSCRIPTION = graphql(`
  subscription TokenTransfers($token: Address, $address: Address) {
    tokenTransfers(token: $token, address: $address) {
      ...TokenTransfer
    }
  }
`)
export const STATS_SUBSCRIPTION = graphql(`
  subscription LiveStats {
    stats(windowSeconds: 60, bucketSeconds: 1, intervalMs: 1000) {
      ...Stats
    }
  }
`)
graphql(`
  fragment ChainRewind on Rewind {
    block
    miniBlock
    abandonedBlocks
    abandonedMiniBlocks
  }
`)
export const REWINDS_SUBSCRIPTION = graphql(`
  subscription ChainRewinds {
    rewinds {
      ...ChainRewind
    }
  }
`)
export const META_SUBSCRIPTION = graphql(`
  subscription LiveMeta {
    meta(intervalMs: 100) {
      ...Meta
    }
  }
`)
// What identifies an open page's content in the chain, read again once its rewinds subscription runs
// (live/checkPosition.ts): a rewind the page did not see leaves these null or different.
export const TRANSACTION_POSITION_QUERY = graphql(`
  query TransactionPosition($hash: Bytes!) {
    transaction(hash: $hash) {
      miniBlockNumber
      timestampUs
    }
  }
`)
export const MINI_BLOCK_POSITION_QUERY = graphql(`
  query MiniBlockPosition($number: BigInt!) {
    miniBlock(number: $number) {
      timestampUs
    }
  }
`)
export const BLOCK_POSITION_QUERY = graphql(`
  query BlockPosition($number: BigInt!) {
    block(number: $number) {
      hash
    }
  }
`)
