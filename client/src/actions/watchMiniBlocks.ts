import type { Client } from 'viem'
import { type MiniBlock, type MiniBlockDetail, parseMiniBlock } from '../miniBlocks/parseMiniBlock.ts'
import { socketOf } from './socketOf.ts'

export type WatchMiniBlocksParameters = {
  /** `full` (default) is MegaETH's documented notification; the others are rtevm's lighter forms. */
  detail?: MiniBlockDetail
  /** Start from this mini-block (replayed from the edge's history), then live. */
  fromMiniBlock?: bigint
  onMiniBlock: (miniBlock: MiniBlock) => void
  onError?: (error: Error) => void
}

/**
 * Every mini-block, in order, as it is sealed (`eth_subscribe("miniBlocks")`). After a dropped
 * connection the subscription resumes from the last mini-block seen: nothing missed, nothing
 * twice (a server that cannot resume reports a `ResumeFailedError` and continues live).
 * Returns the function that stops watching.
 */
export function watchMiniBlocks(client: Client, parameters: WatchMiniBlocksParameters): () => void {
  const { detail = 'full', fromMiniBlock, onMiniBlock, onError } = parameters
  const params = detail === 'full' ? ['miniBlocks'] : ['miniBlocks', { detail }]
  return socketOf(client, 'watchMiniBlocks').subscribe(
    params,
    (result) => {
      let miniBlock: MiniBlock
      try {
        miniBlock = parseMiniBlock(result)
      } catch (error) {
        onError?.(error as Error)
        return
      }
      onMiniBlock(miniBlock)
    },
    { fromMiniBlock, onError },
  )
}
