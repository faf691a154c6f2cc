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
export { freePort } from './freePort.ts'
export {
  compileTestContracts,
  TEST_PROBE_SOURCE,
  TEST_TOKEN_SOURCE,
  type TestContracts,
} from './testContracts.ts'
