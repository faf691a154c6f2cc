import type { StateDiff, Witness } from '@rtevm/protocol'
import { createKeccak, EMPTY_CODE_HASH } from '../commitment/index.ts'
import { bytesFromHex, hexFromBytes } from '../state/index.ts'
import { createWitnessTries } from './createWitnessTries.ts'
import { WitnessInvalidError, WitnessMissingNodeError } from './errors.ts'
import { hashKey } from './hashKey.ts'
import type { TouchedKeys } from './recordAccess.ts'
import type { WitnessSource } from './WitnessSource.ts'

/**
 * One block's witness, gathered as its keys get touched. The commitment
 * stays at the parent root for the whole block interval (it changes only
 * when the block seals), so keys can be proven while the block is still
 * open, between mini-blocks, leaving only the last keys and the deletion
 * siblings to the seal.
 */
export type ProofCollector = {
  /** Proves the keys in `touched` that are not proven yet. */
  add(touched: TouchedKeys): void
  /**
   * The witness: every key added, the sibling nodes the verifier needs to
   * fold the branches `diff`'s deletions collapse (found by applying `diff`
   * to the proven tries exactly as the verifier will), and the touched code.
   * Call it before `diff` is applied to the commitment.
   */
  finish(blockNumber: bigint, diff: StateDiff): Witness
}

export function createProofCollector(source: WitnessSource): ProofCollector {
  const { commitment } = source
  const keccak = createKeccak()
  const parentStateRoot = commitment.root()
  // Proofs repeat the nodes near the roots: keep each once, keyed by its bytes
  // (no hashing needed unless deletions send us looking nodes up by hash).
  const nodes = new Map<string, Uint8Array>()
  const addProof = (proof: Uint8Array[]) => {
    for (const node of proof) nodes.set(contentKey(node), node)
  }
  const proven = new Map<string, Set<string>>()
  const codeHashes = new Set<string>()

  function add(touched: TouchedKeys): void {
    for (const [address, slots] of touched.accounts) {
      let done = proven.get(address)
      const fresh = done === undefined ? [...slots] : [...slots].filter((slot) => !done?.has(slot))
      if (done !== undefined && fresh.length === 0) continue
      const proof = commitment.prove(bytesFromHex(address), fresh.map(bytesFromHex))
      if (done === undefined) {
        addProof(proof.accountProof)
        done = new Set()
        proven.set(address, done)
      }
      for (const slot of proof.storageProofs) addProof(slot.proof)
      for (const slot of fresh) done.add(slot)
    }
    for (const codeHash of touched.codeHashes) codeHashes.add(codeHash)
  }

  function finish(blockNumber: bigint, diff: StateDiff): Witness {
    if (!sameBytes(commitment.root(), parentStateRoot))
      throw new WitnessInvalidError(
        'the commitment moved past the parent root before the witness was finished',
      )
    if (deletesKeys(diff)) addSiblings(diff)
    const codes: Uint8Array[] = []
    const emptyCode = hexFromBytes(EMPTY_CODE_HASH)
    for (const codeHash of codeHashes) {
      if (codeHash === emptyCode) continue
      const code = source.code(bytesFromHex(codeHash))
      if (code !== undefined && code.length > 0) codes.push(code)
    }
    const accounts = Array.from(proven, ([address, slots]) => ({
      address: bytesFromHex(address),
      slots: Array.from(slots, bytesFromHex),
    }))
    return { blockNumber, parentStateRoot, accounts, nodes: [...nodes.values()], codes }
  }

  function addSiblings(diff: StateDiff): void {
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

  return { add, finish }
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

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
