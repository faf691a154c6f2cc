import type { ChainRewind } from '../graphql/types.ts'
import { rewindAbandons } from './rewindAbandons.ts'

/**
 * Where an open page's content sits in the chain, with what tells it apart from whatever reuses its
 * number after a rewind: a transaction's mini-block and that mini-block's µs timestamp, a
 * mini-block's timestamp, a sealed block's hash (numbers are decimal strings, as the indexer sends them).
 */
export type PagePosition =
  | { kind: 'transaction'; hash: string; miniBlock: string; timestampUs: string }
  | { kind: 'mini-block'; number: string; timestampUs: string }
  | { kind: 'block'; number: string; hash: string }

/** Whether `rewind` abandons the page: its mini-block (block) is above the rewind point. */
export function rewindAbandonsPosition(rewind: ChainRewind, position: PagePosition): boolean {
  switch (position.kind) {
    case 'transaction':
      return rewindAbandons.inMiniBlock(rewind, { miniBlockNumber: position.miniBlock })
    case 'mini-block':
      return rewindAbandons.miniBlock(rewind, position)
    case 'block':
      return rewindAbandons.block(rewind, position)
  }
}
