// Test and bench support, not part of the folder's public surface: until the
// sequencer records access itself, witnesses are made by re-executing its
// stream on a copy of the state, wired exactly as the sequencer will be
// (executor on `witnesses.state`, `witnesses.seal` just before commitDiff).

import type { BlockHeader, MiniBlock, StreamEvent } from '@rtevm/protocol'
import { commitDiffTo, createDiffAccumulator } from '../block/index.ts'
import { createStateCommitment } from '../commitment/index.ts'
import type { SequencerConfig } from '../config/index.ts'
import {
  createChainCommon,
  createExecutor,
  createInlineRecovery,
  createTransactionDecoder,
  type Executor,
} from '../executor/index.ts'
import { applyGenesis, deriveDevAccounts } from '../genesis/index.ts'
import { createRamState, hexFromBytes } from '../state/index.ts'
import { createBlockWitnesses } from '../witness/index.ts'
import type { BlockToVerify } from './createStatelessVerifier.ts'

export type WitnessFollower = {
  /** Applies one stream event; returns the block to verify when the event seals one (not genesis). */
  apply(event: StreamEvent): Promise<BlockToVerify | undefined>
  /** Milliseconds spent proving between mini-blocks (`prepare`), per block, in order. */
  readonly prepareMs: number[]
  /** Milliseconds spent in `seal` (what is left for the block seal), per block, in order. */
  readonly sealMs: number[]
}

/** A state copy that re-executes each sealed block with `createBlockWitnesses` wired in, and builds its witness. */
export async function createWitnessFollower(config: SequencerConfig): Promise<WitnessFollower> {
  const state = createRamState()
  applyGenesis(
    state,
    deriveDevAccounts(config.mnemonic, config.devAccountCount),
    config.devAccountBalance,
    config.alloc,
  )
  const commitment = createStateCommitment()
  const commitDiff = commitDiffTo(commitment)
  let parentRoot = commitDiff(state.takeDiff())
  const witnesses = createBlockWitnesses({ state, commitment })
  const common = createChainCommon(config.chainId)
  const decoder = createTransactionDecoder(common, createInlineRecovery())
  const executor: Executor = await createExecutor({ common, state: witnesses.state })
  let miniBlocks: MiniBlock[] = []
  const prepareMs: number[] = []
  const sealMs: number[] = []

  async function sealed(header: BlockHeader): Promise<BlockToVerify> {
    executor.openBlock({
      number: header.number,
      timestamp: header.timestamp,
      baseFeePerGas: header.baseFeePerGas,
      gasLimit: header.gasLimit,
      coinbase: header.coinbase,
      prevRandao: header.mixHash,
    })
    const diffs = createDiffAccumulator()
    const transactions: BlockToVerify['transactions'] = []
    let gasUsed = 0n
    let preparing = 0
    for (const miniBlock of miniBlocks) {
      for (const { raw, from } of miniBlock.transactions) {
        const { receipt } = await executor.execute(decoder.decodeAs(raw, from), gasUsed)
        gasUsed += receipt.gasUsed
        transactions.push({ raw, from })
      }
      diffs.add(miniBlock.stateDiff)
      // As the sequencer would when idle between mini-blocks.
      const started = performance.now()
      witnesses.prepare()
      preparing += performance.now() - started
    }
    prepareMs.push(preparing)
    miniBlocks = []
    const diff = diffs.take()
    const started = performance.now()
    const witness = witnesses.seal(header.number, diff)
    sealMs.push(performance.now() - started)
    const root = commitDiff(diff)
    state.takeDiff()
    if (hexFromBytes(root) !== hexFromBytes(header.stateRoot))
      throw new Error(`follower re-execution of block ${header.number} diverged from the sequencer`)
    const block: BlockToVerify = {
      header,
      parentStateRoot: parentRoot,
      transactions,
      receiptsRoot: header.receiptsRoot,
      witness,
    }
    parentRoot = header.stateRoot
    return block
  }

  return {
    prepareMs,
    sealMs,
    async apply(event) {
      if (event.kind === 'miniBlock') {
        miniBlocks.push(event.miniBlock)
        return undefined
      }
      if (event.kind !== 'block' || event.block.header.number === 0n) return undefined
      return sealed(event.block.header)
    },
  }
}
