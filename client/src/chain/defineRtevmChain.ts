import { type CreateRtevmChainParameters, createRtevmChain } from '@rtevm/protocol'
import { type Chain, defineChain } from 'viem'

/**
 * `@rtevm/protocol`'s chain definition with preconfirmation reads turned on: viem's actions read at
 * the `pending` tag by default (its `experimental_preconfirmationTime`), which on rtevm (and
 * MegaETH) is the newest mini-block, and its WebSocket URL is what the `realtime` transport uses.
 */
export function defineRtevmChain(parameters: CreateRtevmChainParameters = {}): Chain {
  // The mini-block interval, as the chain's `blockTime` (viem cannot say less than 1 ms).
  return defineChain({ ...createRtevmChain(parameters), experimental_preconfirmationTime: 1 })
}
