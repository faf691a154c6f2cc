import type { Chain } from 'viem'
import { createRtevmChain } from './createRtevmChain.ts'

/**
 * The local rtevm devnet for viem and wagmi: chain id 31337, JSON-RPC over
 * HTTP and WebSocket on `127.0.0.1:8545` (one port, like anvil). Prefer the
 * WebSocket transport: subscriptions push every mini-block, HTTP can only poll
 * (see `rtevmPollingIntervalMs`).
 */
export const rtevmDevnet: Chain = createRtevmChain()
