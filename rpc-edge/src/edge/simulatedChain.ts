import { type BlockContext, SimulateError, SimulateErrorCode, type SimulationBlock } from '@rtevm/protocol'
import type { SimulateBlockInput } from './simulateParams.ts'

/** geth's `maxSimulateBlocks`: the simulated blocks, gaps included, may reach this far past the parent. */
export const MAX_SIMULATED_BLOCKS = 256n

export type SimulatedChainOptions = {
  /** Seconds between simulated blocks when `time` is not given: the chain's block interval. */
  blockTimeSeconds: bigint
  /** Without validation the base fee is 0 unless overridden (as geth), so unpriced calls run. */
  validation: boolean
}

const ZERO_HASH = new Uint8Array(32)

/**
 * The contexts of the blocks to simulate after `parent`, by the spec's rules
 * (geth's sanitizeChain): a block without `number` is the one before + 1,
 * numbers must grow (-38020) and a gap is filled with empty blocks; a block
 * without `time` is the one before + the block time, a given time must grow
 * (-38021). Gas limit and fee recipient are the parent's, prevRandao zero;
 * the base fee is the parent's with validation (rtevm's base fee is fixed,
 * not EIP-1559's), else 0. Block overrides then set what they name.
 */
export function simulatedChain(
  parent: BlockContext,
  inputs: SimulateBlockInput[],
  options: SimulatedChainOptions,
): SimulationBlock[] {
  const out: SimulationBlock[] = []
  let number = parent.number
  let time = parent.timestamp
  const contextAt = (at: bigint, timestamp: bigint): BlockContext => ({
    number: at,
    timestamp,
    gasLimit: parent.gasLimit,
    baseFeePerGas: options.validation ? parent.baseFeePerGas : 0n,
    coinbase: parent.coinbase,
    prevRandao: ZERO_HASH,
  })
  for (const input of inputs) {
    const next = input.number ?? number + 1n
    if (next <= number) {
      throw new SimulateError(
        SimulateErrorCode.BlockNumberOrder,
        `block numbers must be in order: ${next} <= ${number}`,
      )
    }
    if (next - parent.number > MAX_SIMULATED_BLOCKS) {
      throw new SimulateError(
        SimulateErrorCode.ClientLimit,
        `too many blocks: at most ${MAX_SIMULATED_BLOCKS} after block ${parent.number}`,
      )
    }
    for (let gap = number + 1n; gap < next; gap++) {
      time += options.blockTimeSeconds
      out.push({ context: contextAt(gap, time), calls: [] })
    }
    if (input.time !== undefined && input.time <= time) {
      throw new SimulateError(
        SimulateErrorCode.BlockTimestampOrder,
        `block timestamps must be in order: ${input.time} <= ${time}`,
      )
    }
    number = next
    time = input.time ?? time + options.blockTimeSeconds
    const defaults = contextAt(number, time)
    out.push({
      context: input.overrides ? input.overrides(defaults) : defaults,
      stateOverride: input.stateOverride,
      calls: input.calls,
    })
  }
  return out
}
