import type { Attestation, Block } from '@rtevm/protocol'
import { ErrorCode, RtevmError } from '@rtevm/protocol'
import { isAttestationSigned, trackFinality } from '../finality/index.ts'
import { hexFromBytes } from '../state/index.ts'

/** Blocks kept to check attestations against; a verifier lagging further is refused. */
const RECENT_BLOCKS = 1024

/** The sequencer's side of verification: which attestations count, and the finalized block they give. */
export type FinalityGate = {
  /** Remembers a newly sealed block, for the attestations that will name it. */
  sealed(block: Block): void
  /** Checks `attestation` and returns the finalized block number after it; throws AttestationRejected. */
  accept(attestation: Attestation): bigint
  /**
   * The chain went back to `block` (devnet `evm_revert`): later blocks are forgotten, with the
   * attestations waiting on them, and finality steps back to `block` if it had passed it.
   * Returns the finalized block number after.
   */
  rewind(block: Block): bigint
}

/**
 * `finalized` is the block finality stands at (genesis on a fresh chain, the
 * newest `finality` event's after a restart) and `blocks` the sealed blocks
 * known so far, oldest first; finality moves only along attested ones. After
 * a restart whose history no longer holds the finalized block, nothing can be
 * chained to it: finality stays where it was, and the gate says why.
 */
export function createFinalityGate(options: {
  verifiers: readonly string[]
  finalized: bigint
  blocks: readonly Block[]
}): FinalityGate {
  const allowed = new Set(options.verifiers.map((address) => address.toLowerCase().replace(/^0x/, '')))
  const recent = new Map<bigint, Block>()
  for (const block of options.blocks) recent.set(block.header.number, block)
  const base = recent.get(options.finalized)
  let tracker = base ? trackFinality(options.finalized, base.header.stateRoot) : undefined
  const reject = (message: string) => new RtevmError(ErrorCode.AttestationRejected, message)

  return {
    sealed(block) {
      recent.set(block.header.number, block)
      recent.delete(block.header.number - BigInt(RECENT_BLOCKS))
    },
    accept(attestation) {
      const verifier = hexFromBytes(attestation.verifier)
      if (!allowed.has(verifier)) throw reject(`0x${verifier} is not an accepted verifier`)
      if (!isAttestationSigned(attestation)) throw reject(`the signature is not 0x${verifier}'s`)
      if (!tracker) {
        throw reject(
          `finality is stuck at block ${options.finalized}: the history this sequencer resumed from no longer holds it`,
        )
      }
      const number = attestation.blockNumber
      const block = recent.get(number)
      const parent = recent.get(number - 1n)
      if (!block || !parent)
        throw reject(`block ${number} is not among the last ${RECENT_BLOCKS} sealed here`)
      if (!Buffer.from(block.hash).equals(attestation.blockHash)) {
        throw reject(`block ${number}'s hash is 0x${hexFromBytes(block.hash)}, not the one attested`)
      }
      tracker.add({
        blockNumber: number,
        // A verifier that re-derived a different root is a failed attestation: finality stops there.
        ok: attestation.ok && Buffer.from(block.header.stateRoot).equals(attestation.stateRoot),
        parentStateRoot: parent.header.stateRoot,
        stateRoot: attestation.stateRoot,
      })
      return tracker.finalized()
    },
    rewind(block) {
      for (const number of recent.keys()) if (number > block.header.number) recent.delete(number)
      if (!tracker) return options.finalized
      const finalized = tracker.finalized() < block.header.number ? tracker.finalized() : block.header.number
      const root = recent.get(finalized)?.header.stateRoot
      tracker = root ? trackFinality(finalized, root) : undefined
      return finalized
    },
  }
}
