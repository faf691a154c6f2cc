// Names for the shapes the explorer's components take, all generated from the indexer's schema
// and the documents in queries.ts (`node explorer/scripts/generate.mjs`): nothing here is written
// by hand, so a schema change that breaks a selection fails the typecheck. BigInt fields are decimal strings.
import type {
  AccountQuery,
  BlockQuery,
  BlockSummaryFragment,
  ChainRewindFragment,
  MetaFragment,
  MiniBlockQuery,
  MiniBlockSummaryFragment,
  SearchQuery,
  StatsFragment,
  TokenBalanceFragment,
  TokenQuery,
  TokenRefFragment,
  TokenTransferFragment,
  TransactionQuery,
  TransactionSummaryFragment,
  TypedDocumentString,
} from '../../generated/graphql/graphql.ts'

export type {
  FinalityStage,
  SearchKind,
  TokenStandard,
  TypedDocumentString,
} from '../../generated/graphql/graphql.ts'

export type Meta = MetaFragment
/** A rewind the indexer committed: everything above `block` / `miniBlock` is abandoned. */
export type ChainRewind = ChainRewindFragment
export type BlockSummary = BlockSummaryFragment
export type Block = NonNullable<BlockQuery['block']>
export type MiniBlockSummary = MiniBlockSummaryFragment
export type MiniBlock = NonNullable<MiniBlockQuery['miniBlock']>
export type TransactionSummary = TransactionSummaryFragment
export type Transaction = NonNullable<TransactionQuery['transaction']>
export type Log = Transaction['logs'][number]
export type TokenRef = TokenRefFragment
export type TokenTransfer = TokenTransferFragment
export type TokenBalance = TokenBalanceFragment
export type Account = NonNullable<AccountQuery['account']>
export type Token = NonNullable<TokenQuery['token']>
export type Stats = StatsFragment
export type SearchResult = SearchQuery['search'][number]

/** The result type a typed document promises. */
export type ResultOf<D> = D extends TypedDocumentString<infer R, infer _V> ? R : never
/** The variables a typed document takes. */
export type VariablesOf<D> = D extends TypedDocumentString<infer _R, infer V> ? V : never
