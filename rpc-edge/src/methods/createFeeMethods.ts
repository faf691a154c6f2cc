import type { BlockContext, BlockSource } from '@rtevm/protocol'
import { quantityHex } from '../format/index.ts'
import {
  blockTag,
  expected,
  integer,
  type MethodTable,
  method,
  optional,
  type Param,
} from '../jsonrpc/index.ts'
import { openBlock } from './pendingBlock.ts'
import { resolveBlockNumber } from './resolveBlockNumber.ts'

export type FeeMethodsOptions = {
  blocks: BlockSource
  /**
   * The next block's base fee. rtevm does not move it with congestion; only
   * `anvil_setNextBlockBaseFeePerGas` changes it.
   */
  baseFeePerGas(): bigint
  /** Tip suggested to wallets. Default 1 gwei. */
  suggestedTipPerGas?: bigint
  /** Most blocks one eth_feeHistory covers. Default 1024, as geth. */
  maxFeeHistoryBlocks?: number
  /**
   * The open block's context: with it a `pending` newest block is the open block as
   * eth_getBlockByNumber("pending") shows it (geth includes its pending block); without it,
   * the newest sealed block.
   */
  pendingContext?: () => BlockContext
}

const percentiles: Param<number[]> = {
  name: 'reward percentiles',
  optional: true,
  parse(value) {
    if (!Array.isArray(value) || value.length > 100)
      return expected('an array of at most 100 percentiles', value)
    let previous = 0
    for (const p of value) {
      if (typeof p !== 'number' || p < previous || p > 100)
        return expected('increasing percentiles between 0 and 100', value)
      previous = p
    }
    return value as number[]
  },
}

/**
 * The blob base fee when no blob gas was ever used (excess blob gas 0): EIP-4844's
 * MIN_BASE_FEE_PER_BLOB_GAS. rtevm carries no blobs, so it never moves (anvil answers the same).
 */
const MIN_BLOB_BASE_FEE = 1n

/** eth_gasPrice, eth_maxPriorityFeePerGas, eth_feeHistory, eth_blobBaseFee for a chain with a constant base fee. */
export function createFeeMethods(options: FeeMethodsOptions): MethodTable {
  const { blocks, baseFeePerGas } = options
  const tip = options.suggestedTipPerGas ?? 1_000_000_000n
  const maxBlocks = options.maxFeeHistoryBlocks ?? 1024

  /** The base fee of the block after `newest`: the next block's when `newest` is the head. */
  function nextBaseFee(newest: bigint): bigint {
    if (newest >= blocks.head().block) return baseFeePerGas()
    return blocks.getBlockByNumber(newest + 1n)?.header.baseFeePerGas ?? baseFeePerGas()
  }

  return {
    eth_gasPrice: method([], () => quantityHex(baseFeePerGas() + tip)),
    eth_maxPriorityFeePerGas: method([], () => quantityHex(tip)),
    eth_blobBaseFee: method([], () => quantityHex(MIN_BLOB_BASE_FEE)),
    eth_feeHistory: method(
      [integer('block count'), blockTag('newest block'), optional(percentiles)],
      ([count, newestTag, rewardPercentiles]) => {
        const head = blocks.head()
        const open =
          options.pendingContext && newestTag.kind === 'named' && newestTag.tag === 'pending'
            ? openBlock(blocks, options.pendingContext()).block
            : undefined
        let newest = resolveBlockNumber(newestTag, head) ?? head.block
        if (newestTag.kind === 'hash')
          newest = blocks.getBlockByHash(newestTag.hash)?.header.number ?? head.block
        if (newest > head.block) newest = head.block
        if (open) newest = open.header.number
        const wanted = BigInt(count > maxBlocks ? maxBlocks : count)
        const span = wanted > newest + 1n ? newest + 1n : wanted
        const oldest = newest - span + 1n
        const gasUsedRatio: number[] = []
        const reward: string[][] = []
        const baseFees: string[] = []
        for (let n = oldest; n <= newest; n++) {
          const header = n === open?.header.number ? open.header : blocks.getBlockByNumber(n)?.header
          baseFees.push(quantityHex(header?.baseFeePerGas ?? baseFeePerGas()))
          gasUsedRatio.push(
            header && header.gasLimit > 0n ? Number(header.gasUsed) / Number(header.gasLimit) : 0,
          )
          if (rewardPercentiles) reward.push(rewardPercentiles.map(() => quantityHex(tip)))
        }
        return {
          oldestBlock: quantityHex(span === 0n ? newest : oldest),
          // One more than the blocks: the base fee of the block after the newest.
          baseFeePerGas: [...baseFees, quantityHex(nextBaseFee(newest))],
          gasUsedRatio,
          ...(rewardPercentiles ? { reward } : {}),
        }
      },
    ),
  }
}
