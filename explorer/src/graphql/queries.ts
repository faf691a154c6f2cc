// Every GraphQL document the explorer sends. Fragments keep the selections in
// step with the types in types.ts.

const TOKEN_REF = 'address standard name symbol decimals'
const BLOCK_SUMMARY = 'number hash timestamp gasUsed miniBlockCount transactionCount finalized'
const MINI_BLOCK_SUMMARY = 'number blockNumber timestampUs gasUsed transactionCount'
const TX_SUMMARY = 'hash blockNumber miniBlockNumber timestampUs from to value status fee contractAddress'
const TOKEN_TRANSFER = `blockNumber logIndex transactionHash miniBlockNumber timestampUs from to value tokenId token { ${TOKEN_REF} }`
const META = 'cursor headMiniBlock headBlock finalizedBlock headTimestampUs lagMs lagEvents'
const STATS =
  'windowSeconds bucketSeconds transactionsPerSecond gasPerSecond miniBlocksPerSecond meanMiniBlockIntervalUs buckets { startUs transactions gasUsed miniBlocks meanMiniBlockIntervalUs }'

/** Rows kept in each live list of the home page. */
export const HOME_ROWS = { miniBlocks: 50, blocks: 10, transactions: 20 } as const

export const HOME_QUERY = `query Home {
  _meta { ${META} }
  blocks(first: ${HOME_ROWS.blocks}) { items { ${BLOCK_SUMMARY} } }
  miniBlocks(first: ${HOME_ROWS.miniBlocks}) { items { ${MINI_BLOCK_SUMMARY} } }
  transactions(first: ${HOME_ROWS.transactions}) { items { ${TX_SUMMARY} } }
  stats(windowSeconds: 60, bucketSeconds: 1) { ${STATS} }
}`

/** The home page's blocks again, from the browser: fills the gap before the subscription started. */
export const LATEST_BLOCKS_QUERY = `query LatestBlocks { blocks(first: ${HOME_ROWS.blocks}) { items { ${BLOCK_SUMMARY} } } }`

export const BLOCK_QUERY = `query Block($number: BigInt, $hash: Bytes) {
  block(number: $number, hash: $hash) {
    ${BLOCK_SUMMARY} parentHash gasLimit baseFeePerGas stateRoot transactionsRoot receiptsRoot miner firstMiniBlock
    miniBlocks(first: 100) { items { ${MINI_BLOCK_SUMMARY} } pageInfo { hasNextPage } }
    transactions(first: 100) { items { ${TX_SUMMARY} } pageInfo { hasNextPage } }
  }
}`

export const MINI_BLOCK_QUERY = `query MiniBlock($number: BigInt!) {
  miniBlock(number: $number) {
    ${MINI_BLOCK_SUMMARY} blockHash indexInBlock firstTransactionIndex
    transactions(first: 100) { items { ${TX_SUMMARY} } pageInfo { hasNextPage } }
  }
}`

export const TRANSACTION_QUERY = `query Transaction($hash: Bytes!) {
  transaction(hash: $hash) {
    ${TX_SUMMARY} blockHash transactionIndex type nonce gasLimit gasPrice maxFeePerGas maxPriorityFeePerGas
    input gasUsed effectiveGasPrice revertData stage
    logs { logIndex address topics data }
    tokenTransfers { ${TOKEN_TRANSFER} }
  }
}`

export const ACCOUNT_QUERY = `query Account($address: Address!) {
  account(address: $address) {
    address balance nonce transactionCount isContract creator creationTransaction
    token { ${TOKEN_REF} }
    transactions(first: 25) { items { ${TX_SUMMARY} } pageInfo { hasNextPage } }
    tokenBalances(first: 50) { items { holder balance token { ${TOKEN_REF} } } pageInfo { hasNextPage } }
    tokenTransfers(first: 25) { items { ${TOKEN_TRANSFER} } pageInfo { hasNextPage } }
  }
}`

export const TOKEN_QUERY = `query Token($address: Address!) {
  token(address: $address) {
    ${TOKEN_REF} firstBlock transferCount holderCount
    holders(first: 50) { items { holder balance token { ${TOKEN_REF} } } pageInfo { hasNextPage } }
    transfers(first: 50) { items { ${TOKEN_TRANSFER} } pageInfo { hasNextPage } }
  }
}`

export const SEARCH_QUERY = 'query Search($query: String!) { search(query: $query) { kind key } }'

// Subscriptions: the live lists ask only for scalar fields, so the indexer
// resolves each notification without another query.
export const MINI_BLOCKS_SUBSCRIPTION = `subscription { miniBlocks { ${MINI_BLOCK_SUMMARY} } }`
export const BLOCKS_SUBSCRIPTION = `subscription { blocks { ${BLOCK_SUMMARY} } }`
export const TRANSACTIONS_SUBSCRIPTION = `subscription Txs($address: Address) { transactions(address: $address) { ${TX_SUMMARY} } }`
export const TOKEN_TRANSFERS_SUBSCRIPTION = `subscription Transfers($token: Address, $address: Address) {
  tokenTransfers(token: $token, address: $address) { ${TOKEN_TRANSFER} }
}`
export const STATS_SUBSCRIPTION = `subscription { stats(windowSeconds: 60, bucketSeconds: 1, intervalMs: 1000) { ${STATS} } }`
export const META_SUBSCRIPTION = `subscription { meta(intervalMs: 100) { ${META} } }`

/** The block still open (not sealed): its mini-blocks so far. */
export const OPEN_BLOCK_QUERY = `query OpenBlock($number: BigInt!) {
  _meta { headBlock }
  miniBlocks(blockNumber: $number, first: 100) { items { ${MINI_BLOCK_SUMMARY} } pageInfo { hasNextPage } }
}`
