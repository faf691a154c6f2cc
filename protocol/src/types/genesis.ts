import type { Block } from './chain.ts'

/** One account of the genesis state, as the sequencer allocated it. */
export type GenesisAlloc = {
  address: Uint8Array
  nonce: bigint
  balance: bigint
  /** Empty for an account without code. */
  code: Uint8Array
  /** Non-zero slots only, in ascending slot order. */
  storage: { slot: Uint8Array; value: bigint }[]
}

/**
 * The chain's genesis as the sequencer serves it over the link: the chain
 * parameters every follower needs, block 0, and the state block 0's
 * `stateRoot` commits to. A follower rebuilds the state from `accounts` and
 * refuses to follow when its root differs from `block.header.stateRoot`.
 */
export type ChainGenesis = {
  chainId: bigint
  /** The sequencer's EVM block interval (followers judge "caught up" by it). */
  blockIntervalMs: number
  /** Largest gas limit one transaction may ask for (edges reject above it before forwarding). */
  maxTransactionGas: bigint
  /** Block 0: its header carries the base fee, gas limit, coinbase and the genesis state root. */
  block: Block
  /** In ascending address order, no address twice. */
  accounts: GenesisAlloc[]
}
