import type { StateDiff, Witness } from '@rtevm/protocol'
import { createKeccak, EMPTY_CODE_HASH, type StateCommitment } from '../commitment/index.ts'
import { bytesFromHex, hexFromBytes } from '../state/index.ts'
import { createWitnessTries } from './createWitnessTries.ts'
import { WitnessMissingNodeError } from './errors.ts'
import { hashKey } from './hashKey.ts'
import type { TouchedKeys } from './recordAccess.ts'

/** Where a witness comes from: the commitment still at the parent root, and the RAM state for code. */
export type WitnessSource = {
  /** The state commitment at the parent block's root: before the block's diff is applied. */
  commitment: StateCommitment
  /** Code by code hash. */
  code(codeHash: Uint8Array): Uint8Array | undefined
  /**
   * Slots an account holds after the block. Searched only when deleting a
   * slot collapses a branch onto a node no touched key's proof contains: a
   * slot under that node is proven to bring the node in.
   */
  slotsOf(address: Uint8Array): Iterable<Uint8Array>
  /** Accounts that exist after the block; the same search for deleted accounts. */
  addresses(): Iterable<Uint8Array>
}

/**
 * Builds block `blockNumber`'s witness: EIP-1186 proofs against the parent
 * root for every touched account and slot, merged into one node set, the
 * touched code, and, when the block deletes keys, the sibling nodes the
 * verifier needs to fold the branches the deletions collapse (found by
 * applying `diff` to the proven tries exactly as the verifier will).
 */
export function buildWitness(
  source: WitnessSource,
  blockNumber: bigint,
  touched: TouchedKeys,
  diff: StateDiff,
): Witness {
  const { commitment } = source
  const keccak = createKeccak()
  const parentStateRoot = commitment.root()
  // Proofs repeat the nodes near the roots: keep each once, keyed by its bytes
  // (no hashing needed unless deletions send us looking nodes up by hash).
  const nodes = new Map<string, Uint8Array>()
  const addProof = (proof: Uint8Array[]) => {
    for (const node of proof) nodes.set(contentKey(node), node)
  }

  for (const [address, slots] of touched.accounts) {
    const proof = commitment.prove(bytesFromHex(address), Array.from(slots, bytesFromHex))
    addProof(proof.accountProof)
    for (const slot of proof.storageProofs) addProof(slot.proof)
  }

  if (deletesKeys(diff)) {
    const byHash = new Map<string, Uint8Array>()
    for (const node of nodes.values()) byHash.set(hashKey(keccak.hash(node)), node)
    const addFetched = (proof: Uint8Array[]) => {
      addProof(proof)
      for (const node of proof) byHash.set(hashKey(keccak.hash(node)), node)
    }
    const tries = createWitnessTries(
      parentStateRoot,
      (owner, hash, path) => {
        const id = hashKey(hash)
        const known = byHash.get(id)
        if (known !== undefined) return known
        for (const key of owner === null ? source.addresses() : source.slotsOf(owner)) {
          if (!hasPrefix(keccak.hash(key), path)) continue
          const proof = owner === null ? commitment.prove(key, []) : commitment.prove(owner, [key])
          addFetched(owner === null ? proof.accountProof : proof.storageProofs[0].proof)
          const found = byHash.get(id)
          if (found !== undefined) return found
        }
        throw new WitnessMissingNodeError(hash, path)
      },
      keccak,
    )
    tries.applyDiff(diff)
  }

  const codes: Uint8Array[] = []
  const emptyCode = hexFromBytes(EMPTY_CODE_HASH)
  for (const codeHash of touched.codeHashes) {
    if (codeHash === emptyCode) continue
    const code = source.code(bytesFromHex(codeHash))
    if (code !== undefined && code.length > 0) codes.push(code)
  }

  const accounts = Array.from(touched.accounts, ([address, slots]) => ({
    address: bytesFromHex(address),
    slots: Array.from(slots, bytesFromHex),
  }))
  return { blockNumber, parentStateRoot, accounts, nodes: [...nodes.values()], codes }
}

function contentKey(node: Uint8Array): string {
  return Buffer.from(node.buffer, node.byteOffset, node.length).toString('latin1')
}

function deletesKeys(diff: StateDiff): boolean {
  return diff.accounts.some((a) => a.deleted || a.storageCleared || a.storage.some((s) => s.value === 0n))
}

function hasPrefix(key: Uint8Array, path: number[]): boolean {
  for (let i = 0; i < path.length; i++) {
    const nibble = (key[i >> 1] >> (i & 1 ? 0 : 4)) & 15
    if (nibble !== path[i]) return false
  }
  return true
}
