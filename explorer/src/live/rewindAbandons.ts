import type { ChainRewind } from '../graphql/types.ts'

/**
 * What a rewind abandons: every block above `rewind.block` and every mini-block above
 * `rewind.miniBlock`, with their transactions (numbers are decimal strings, as the indexer sends them).
 */
export const rewindAbandons = {
  block: (rewind: ChainRewind, row: { number: string }) => BigInt(row.number) > BigInt(rewind.block),
  miniBlock: (rewind: ChainRewind, row: { number: string }) => BigInt(row.number) > BigInt(rewind.miniBlock),
  /** Transactions, logs and token transfers: by the mini-block they were sealed in. */
  inMiniBlock: (rewind: ChainRewind, row: { miniBlockNumber: string }) =>
    BigInt(row.miniBlockNumber) > BigInt(rewind.miniBlock),
}
