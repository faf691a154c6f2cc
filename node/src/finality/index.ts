// Attestations below the roles: verifiers sign them, the sequencer's finality
// gate checks their signers and tracks which blocks they finalize.
export {
  type AttestationSigner,
  createAttestationSigner,
  isAttestationSigned,
  recoverAttestationSigner,
} from './attestationSigner.ts'
export { type FinalityTracker, trackFinality, type VerifiedLink } from './trackFinality.ts'
