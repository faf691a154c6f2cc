import type { StateDiff, Witness } from '@rtevm/protocol'
import type { StateCommitment } from '../commitment/index.ts'
import { bytesFromHex, hexFromBytes, type RamState } from '../state/index.ts'
import { createProofCollector, type ProofCollector } from './createProofCollector.ts'
import { recordAccess } from './recordAccess.ts'
import type { WitnessSource } from './WitnessSource.ts'

/**
 * The sequencer's witness producer: execution runs against `state` (which
 * records what it touches), and `seal` turns each block's record into its
 * witness, proven against the commitment before the block's diff lands.
 */
export type BlockWitnesses = {
  /** Give this to the executor instead of the RAM state itself. */
  readonly state: RamState
  /**
   * Proves what execution touched so far in the open block. Optional: call
   * it when the sequencer is idle (queue drained) to move proving off the
   * seal; the open block's parent root is fixed until the seal, so early
   * proofs stay valid.
   */
  prepare(): void
  /**
   * Builds block `blockNumber`'s witness from what execution touched since
   * the previous seal plus `diff` (the block's merged diff). Call it with the
   * commitment still at the parent root: just before the diff is applied.
   */
  seal(blockNumber: bigint, diff: StateDiff): Witness
  /** A retained witness, newest `retain` blocks only. */
  get(blockNumber: bigint): Witness | undefined
  /**
   * The chain went back to `blockNumber` (devnet `evm_revert`) and the commitment to its root:
   * what the open block touched and the witnesses of later blocks are dropped.
   */
  rewind(blockNumber: bigint): void
}

export type BlockWitnessesOptions = {
  state: RamState
  commitment: StateCommitment
  /** How many recent witnesses `get` can return; default 64. */
  retain?: number
}

export function createBlockWitnesses(options: BlockWitnessesOptions): BlockWitnesses {
  const { state, commitment } = options
  const retain = options.retain ?? 64
  const recorder = recordAccess(state)
  const retained = new Map<bigint, Witness>()
  const source: WitnessSource = {
    commitment,
    code: (codeHash: Uint8Array) => state.getCode(codeHash),
    slotsOf: (address: Uint8Array) =>
      Array.from(state.storageOf(hexFromBytes(address))?.keys() ?? [], bytesFromHex),
    addresses: () => Array.from(state.accounts(), ([address]) => bytesFromHex(address)),
  }

  // Made on first use, so that it captures the root the commitment has after the previous seal.
  let collector: ProofCollector | undefined

  function collect(): ProofCollector {
    collector ??= createProofCollector(source)
    collector.add(recorder.take())
    return collector
  }

  return {
    state: recorder.state,
    prepare() {
      collect()
    },
    seal(blockNumber, diff) {
      // Writes made outside execution (dev methods) must be proven too.
      recorder.recordDiff(diff)
      const witness = collect().finish(blockNumber, diff)
      collector = undefined
      retained.set(blockNumber, witness)
      retained.delete(blockNumber - BigInt(retain))
      return witness
    },
    get: (blockNumber) => retained.get(blockNumber),
    rewind(blockNumber) {
      recorder.take()
      collector = undefined
      for (const number of retained.keys()) if (number > blockNumber) retained.delete(number)
    },
  }
}
