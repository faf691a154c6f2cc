import type { TxInclusion } from './txInclusion.ts'

/**
 * Devnet state edits and chain controls (`anvil_*`, `hardhat_*`, `evm_*`).
 * The sequencer applies each between transactions; state edits reach
 * followers as a mini-block without transactions whose diff carries the edit.
 */
export type DevCommand =
  | { op: 'setBalance'; address: Uint8Array; value: bigint }
  | { op: 'setNonce'; address: Uint8Array; value: bigint }
  | { op: 'setCode'; address: Uint8Array; code: Uint8Array }
  /** `value` is the full 32-byte word; zero clears the slot. */
  | { op: 'setStorageAt'; address: Uint8Array; slot: Uint8Array; value: bigint }
  /** Accept unsigned transactions from `address` (submitted with `submitAs`) until stopped. */
  | { op: 'impersonate'; address: Uint8Array }
  | { op: 'stopImpersonating'; address: Uint8Array }
  /** While `enabled`, every address counts as impersonated (anvil's `anvil_autoImpersonateAccount`). */
  | { op: 'autoImpersonate'; enabled: boolean }
  /** Seal the open EVM block, then `blocks - 1` more; timestamps `intervalSeconds` apart when non-zero. */
  | { op: 'mine'; blocks: bigint; intervalSeconds: bigint }
  /** Move the chain's clock forward; the open block is re-timed (sealed first if it has transactions). */
  | { op: 'increaseTime'; seconds: bigint }
  /** The open block gets exactly this timestamp (sealed first if it has transactions); later ones follow on. */
  | { op: 'setNextBlockTimestamp'; timestamp: bigint }
  /**
   * Sets each account's nonce, balance and (when given) code, and writes the given storage slots
   * (others are kept): a batch of `anvil_loadState`, published as one state-edit mini-block.
   */
  | { op: 'loadAccounts'; accounts: LoadedAccount[] }
  /** Seals the open block and remembers the chain there; the result is the snapshot's id. */
  | { op: 'snapshot' }
  /**
   * Rewinds the chain to snapshot `id` (published as a `rewind` stream event) and forgets it and
   * every later snapshot; the result is 1, or 0 for an unknown id.
   */
  | { op: 'revert'; id: bigint }
  /**
   * Rewinds the chain `depth` blocks (a `rewind` stream event); the result is the new head's number.
   * Only as far back as the sequencer's history window reaches.
   */
  | { op: 'rollback'; depth: bigint }
  /**
   * Rewinds `depth` blocks, then seals `blocks.length` new blocks in their place, the `i`th holding
   * the transactions of `blocks[i]` (and whatever else arrives meanwhile); the result is the new head.
   */
  | { op: 'reorg'; depth: bigint; blocks: ReorgTransaction[][] }
  /** Blocks opened from now on pay their fees to `address` (the open block is re-opened or sealed). */
  | { op: 'setCoinbase'; address: Uint8Array }
  /** Blocks opened from now on have this base fee (the devnet does not adjust it between blocks). */
  | { op: 'setBaseFee'; value: bigint }

/** A transaction of a reorg's new blocks: signed, or unsigned from an impersonated `from`. */
export type ReorgTransaction = { raw: Uint8Array; from?: Uint8Array }

/** One account of a state load (`anvil_loadState`). */
export type LoadedAccount = {
  address: Uint8Array
  nonce: bigint
  balance: bigint
  /** Absent: the account's code is left as it is. */
  code?: Uint8Array
  storage: { slot: Uint8Array; value: bigint }[]
}

/** What a command returns. */
export type DevResult = {
  /**
   * `mine`: the new head's number; `increaseTime`: the total offset in seconds; `snapshot`: its
   * id; `revert`: 1 when reverted, 0 for an unknown id; otherwise 0.
   */
  value: bigint
  /** The stream's head once the command was applied: a follower past it sees the command's effect. */
  seq: bigint
}

/** The sequencer's devnet controls, as the edge sees them (over the link or in-process). */
export type DevControl = {
  dev(command: DevCommand): Promise<DevResult>
  /**
   * Submits a transaction from an impersonated `from`: `raw` is a normal
   * signed-form transaction whose signature is ignored. Refused unless
   * `from` is impersonated and dev methods are enabled.
   */
  submitAs(from: Uint8Array, raw: Uint8Array): Promise<TxInclusion>
}

/** One funded development account: address and the private key that signs for it. */
export type DevAccount = {
  address: `0x${string}`
  privateKey: `0x${string}`
}
