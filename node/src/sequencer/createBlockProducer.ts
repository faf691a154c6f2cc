import {
  type Block,
  type BlockContext,
  encodeWitness,
  type MiniBlock,
  type Receipt,
  type SealedTransaction,
  type StateDiff,
} from '@rtevm/protocol'
import { type BlockBuilder, type CommitDiff, createBlockBuilder } from '../block/index.ts'
import { createKeccak } from '../commitment/index.ts'
import type { SequencerConfig } from '../config/index.ts'
import type { Executor } from '../executor/index.ts'
import { bytesFromHex, type RamState } from '../state/index.ts'
import type { BlockWitnesses } from '../witness/index.ts'
import type { ChainClock } from './chainClock.ts'
import type { ChainHistory } from './createChainHistory.ts'
import type { Publisher } from './createPublisher.ts'
import type { FinalityGate } from './finalityGate.ts'
import type { Snapshotter } from './snapshotter.ts'
import { record, type Timing } from './timing.ts'
import type { WitnessFiles } from './witnessFiles.ts'

/**
 * The chain's head: the newest sealed block and the open one, the mini-block
 * numbering and timestamps. It appends mini-blocks and seals blocks; when to
 * do either is the execution pump's (and dev commands') call.
 */
export type BlockProducer = {
  latest(): Block
  /** The open EVM block. Replaced by every seal and `reopen`. */
  open(): BlockBuilder
  /** The state's changes since the last call, recorded in the chain history when it keeps one. */
  takeDiff(): StateDiff
  /** Appends a mini-block (its diff from `takeDiff`) to the open block and publishes it. */
  emitMiniBlock(
    sealed: SealedTransaction[],
    receipts: Receipt[],
    blooms: Uint8Array[],
    gasUsed: bigint,
    stateDiff: StateDiff,
  ): MiniBlock
  /** Seals the open block (its mini-blocks already added), publishes it and opens the next. */
  sealBlock(): { block: Block; durable: Promise<void> }
  /** Opens the next block afresh on the newest sealed one, at the clock's next timestamp. */
  reopen(): void
  /** Fee recipient and base fee of the blocks opened from now on (devnet `anvil_setCoinbase`, …). */
  setParameters(parameters: Partial<BlockParameters>): void
  /**
   * Devnet `evm_revert`: `block` (sealed earlier, the state already back at its end) is the newest
   * again, mini-blocks continue after `miniBlockNumber`, and the next block opens on it.
   */
  rewind(block: Block, miniBlockNumber: bigint): void
  miniBlockNumber(): bigint
  transactions(): bigint
}

/** What the sequencer may change between blocks; a restart takes them from the newest header. */
export type BlockParameters = { coinbase: Uint8Array; baseFeePerGas: bigint }

export type BlockProducerDeps = {
  config: SequencerConfig
  clock: ChainClock
  executor: Executor
  state: RamState
  publisher: Publisher
  finality: FinalityGate
  commitDiff: CommitDiff
  blockSealMs: Timing
  /** Execution reads through the witness recorder, so each block's witness proves every key it touched. */
  witnesses: BlockWitnesses | undefined
  witnessFiles: WitnessFiles | undefined
  snapshotter: Snapshotter | undefined
  /** Kept with dev methods on, for `anvil_rollback` and `anvil_reorg`. */
  history: ChainHistory | undefined
  /** Where the chain stands: genesis, or what a restart resumes from. */
  latest: Block
  miniBlockNumber: bigint
  lastTimestampUs: bigint
}

export function createBlockProducer(deps: BlockProducerDeps): BlockProducer {
  const { config, clock, executor, state, publisher, finality, commitDiff, witnesses, witnessFiles } = deps
  let parameters: BlockParameters = {
    coinbase: deps.latest.header.coinbase,
    baseFeePerGas: deps.latest.header.baseFeePerGas ?? config.baseFeePerGas,
  }
  let latest = deps.latest
  let miniBlockNumber = deps.miniBlockNumber
  let lastTimestampUs = deps.lastTimestampUs
  let transactions = 0n
  // One hasher for every block's transactions and receipts tries (they hash one at a time).
  const keccak = createKeccak()
  let block = openBlock(latest)

  function openBlock(parent: Block): BlockBuilder {
    const context = blockContext(
      config,
      parameters,
      parent.header.number + 1n,
      clock.nextTimestamp(parent.header.timestamp),
    )
    executor.openBlock(context)
    if (!witnesses) return createBlockBuilder(context, commitDiff, keccak)
    return createBlockBuilder(
      context,
      (diff) => {
        // Proven against the parent root: before the block's diff reaches the commitment.
        const witness = witnesses.seal(context.number, diff)
        witnessFiles?.put(context.number, encodeWitness(witness))
        return commitDiff(diff)
      },
      keccak,
    )
  }

  function emitMiniBlock(
    sealed: SealedTransaction[],
    receipts: Receipt[],
    blooms: Uint8Array[],
    gasUsed: bigint,
    stateDiff: StateDiff,
  ): MiniBlock {
    const nowUs = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000))
    lastTimestampUs = nowUs > lastTimestampUs ? nowUs : lastTimestampUs + 1n
    const miniBlock: MiniBlock = {
      number: ++miniBlockNumber,
      blockNumber: block.context.number,
      indexInBlock: block.miniBlockCount(),
      firstTxIndex: block.txCount(),
      timestampUs: lastTimestampUs,
      gasUsed,
      transactions: sealed,
      receipts,
      stateDiff,
    }
    block.addMiniBlock(miniBlock, blooms)
    transactions += BigInt(sealed.length)
    void publisher.publish({ kind: 'miniBlock', miniBlock }).catch(() => {})
    return miniBlock
  }

  function sealBlock(): { block: Block; durable: Promise<void> } {
    const started = performance.now()
    const sealed = block.seal(latest.hash)
    finality.sealed(sealed)
    latest = sealed
    record(deps.blockSealMs, performance.now() - started)
    const durable = publisher.publish({ kind: 'block', block: sealed })
    // Between transactions, with no checkpoint open: the state is exactly the block's post-state.
    deps.snapshotter?.afterBlock(
      { seq: publisher.lastSeq(), block: sealed, miniBlockNumber, meta: NO_META },
      state,
      durable,
    )
    deps.history?.sealed({ block: sealed, miniBlockNumber })
    block = openBlock(sealed)
    return { block: sealed, durable }
  }

  function takeDiff(): StateDiff {
    const history = deps.history
    if (!history) return state.takeDiff()
    const number = block.context.number
    return state.takeDiff((before, diff) => history.record(before, diff, number))
  }

  return {
    latest: () => latest,
    open: () => block,
    takeDiff,
    emitMiniBlock,
    sealBlock,
    reopen() {
      block = openBlock(latest)
    },
    setParameters(changed) {
      parameters = { ...parameters, ...changed }
    },
    rewind(to, toMiniBlock) {
      latest = to
      miniBlockNumber = toMiniBlock
      block = openBlock(latest)
    },
    miniBlockNumber: () => miniBlockNumber,
    transactions: () => transactions,
  }
}

/** Block 0, whose state root is the genesis state's. */
export function createGenesisBlock(config: SequencerConfig, clock: ChainClock, stateRoot: Uint8Array): Block {
  const parameters = { coinbase: bytesFromHex(config.coinbase), baseFeePerGas: config.baseFeePerGas }
  const context = blockContext(config, parameters, 0n, clock.nextTimestamp(0n))
  return createBlockBuilder(context, () => stateRoot).seal(new Uint8Array(32))
}

function blockContext(
  config: SequencerConfig,
  parameters: BlockParameters,
  number: bigint,
  timestamp: bigint,
): BlockContext {
  return {
    number,
    timestamp,
    baseFeePerGas: parameters.baseFeePerGas,
    gasLimit: config.blockGasLimit,
    coinbase: parameters.coinbase,
    prevRandao: new Uint8Array(32),
  }
}

const NO_META = new Uint8Array(0)
