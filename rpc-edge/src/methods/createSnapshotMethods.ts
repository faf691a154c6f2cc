import type { BlockSource } from '@rtevm/protocol'
import { quantityHex } from '../format/index.ts'
import { type MethodTable, method } from '../jsonrpc/index.ts'

/**
 * `realtime_getMiniBlock`: the newest mini-block the edge has applied, which is the
 * snapshot every `latest`/`pending` read answers from (in a batch, the one every other
 * entry saw). Field names as MegaETH's `miniBlocks` notifications: `mini_block_number`,
 * `block_number` (the EVM block it belongs to), `index` (within that block) and
 * `mini_block_timestamp` (µs). Before any mini-block: the genesis state, number 0.
 */
export function createSnapshotMethods({ blocks }: { blocks: BlockSource }): MethodTable {
  return {
    realtime_getMiniBlock: method([], () => {
      const number = blocks.head().miniBlock
      const miniBlock = blocks.getMiniBlock(number)
      if (miniBlock === undefined) {
        const genesisUs = (blocks.getBlockByNumber(0n)?.header.timestamp ?? 0n) * 1_000_000n
        return {
          mini_block_number: '0x0',
          block_number: '0x0',
          index: '0x0',
          mini_block_timestamp: quantityHex(genesisUs),
        }
      }
      return {
        mini_block_number: quantityHex(miniBlock.number),
        block_number: quantityHex(miniBlock.blockNumber),
        index: quantityHex(miniBlock.indexInBlock),
        mini_block_timestamp: quantityHex(miniBlock.timestampUs),
      }
    }),
  }
}
