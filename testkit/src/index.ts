// Test support shared by the packages' tests and benchmarks: never imported by product code
// (dependency-cruiser's `no-testkit-in-products`).
export {
  type CompiledContract,
  type CompiledContracts,
  compileSolidity,
  SolidityCompileError,
} from './compileSolidity.ts'
export { computeStateRoot } from './computeStateRoot.ts'
export { createReferenceChain, type ReferenceBlock, type ReferenceChain } from './createReferenceChain.ts'
export { createSenders, type Senders } from './createSenders.ts'
export {
  type AccountDump,
  createStateReplica,
  type RedundantEntries,
  type StateDump,
  type StateReplica,
} from './createStateReplica.ts'
export { createTxSigner, type TxSigner } from './createTxSigner.ts'
export { dumpSequencerState } from './dumpSequencerState.ts'
export { findPostgresBinaries } from './findPostgresBinaries.ts'
export { freePort } from './freePort.ts'
export { chromiumPath, launchChromium } from './launchChromium.ts'
export { type Devnet, type StartDevnetOptions, startDevnet } from './startDevnet.ts'
export { type EdgeChain, startEdgeChain } from './startEdgeChain.ts'
export { startTestPostgres, type TestPostgres, type TestPostgresOptions } from './startTestPostgres.ts'
export { TestPostgresError, TestPostgresErrorCode } from './TestPostgresError.ts'
export {
  compileTestContracts,
  TEST_PROBE_SOURCE,
  TEST_TOKEN_SOURCE,
  type TestContracts,
} from './testContracts.ts'
