// Stateless verification: re-executes blocks from their witnesses alone, on a
// pool of worker threads, and signs attestations that drive `finalized`.
export {
  type BlockToVerify,
  createStatelessVerifier,
  type StatelessVerifier,
  type Verification,
} from './createStatelessVerifier.ts'
export { createVerifierNode, type VerifierNode, type VerifierNodeOptions } from './createVerifierNode.ts'
export {
  type AttestationEvent,
  createVerifierPool,
  type VerifierPool,
  type VerifierPoolOptions,
} from './createVerifierPool.ts'
