import type { BlockContext, BlockSource } from '@rtevm/protocol'

/** What the sequencer changes between blocks on request (`anvil_setCoinbase`, `anvil_setNextBlockBaseFeePerGas`). */
export type BlockParameters = { coinbase: Uint8Array; baseFeePerGas: bigint }

/**
 * The fee recipient and base fee the next block has, as this edge knows them: the newest header's,
 * or what a dev method on this edge just set, until a block sealed after it carries it.
 */
export type NextBlockParameters = {
  coinbase(): Uint8Array
  baseFeePerGas(): bigint
  /** Call once the sequencer applied the change and this edge's replica caught up with it. */
  set(changed: Partial<BlockParameters>): void
  /** `context` with the parameters set here when no sealed block carries them yet. */
  overlay(context: BlockContext): BlockContext
}

export function createNextBlockParameters(
  blocks: Pick<BlockSource, 'head' | 'getBlockByNumber'>,
): NextBlockParameters {
  // Values set here and the first block that can carry them.
  let pending: { changed: Partial<BlockParameters>; fromBlock: bigint } | undefined
  let overlaid: { from: BlockContext; to: BlockContext } | undefined

  function newestHeader() {
    const header = blocks.getBlockByNumber(blocks.head().block)?.header
    if (!header) throw new RangeError('the replica has no newest block')
    return header
  }

  /** What is set here and not yet in a sealed block's header. */
  function unsealed(): Partial<BlockParameters> | undefined {
    if (pending && blocks.head().block >= pending.fromBlock) pending = undefined
    return pending?.changed
  }

  return {
    coinbase: () => unsealed()?.coinbase ?? newestHeader().coinbase,
    baseFeePerGas: () => unsealed()?.baseFeePerGas ?? newestHeader().baseFeePerGas ?? 0n,
    set(changed) {
      pending = { changed: { ...unsealed(), ...changed }, fromBlock: blocks.head().block + 1n }
      overlaid = undefined
    },
    overlay(context) {
      const changed = unsealed()
      if (!changed) return context
      // Kept per context, so callers that cache the EVM block they build from it still can.
      if (overlaid?.from !== context) overlaid = { from: context, to: { ...context, ...changed } }
      return overlaid.to
    },
  }
}
