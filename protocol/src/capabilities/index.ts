// The capabilities every reader of the chain depends on, instead of a database
// or a node: the RPC edge and the indexer read through these, the replica
// (node/) implements them, and each has an in-memory implementation for tests.
export {
  type BlockSource,
  type ChainHead,
  createMemoryBlockSource,
  type LogQuery,
  type LogRecord,
  type MemoryBlockSource,
  type TransactionRecord,
} from './blockSource.ts'
export {
  type AccessListEntry,
  type AccessListResult,
  type AccountOverride,
  type Authorization,
  type BlockContext,
  blockContextOf,
  type Caller,
  type CallRequest,
  type CallResult,
  createMemoryCaller,
} from './caller.ts'
export {
  createMemoryEventFeed,
  type EventFeed,
  type EventListener,
  type MemoryEventFeed,
  type Rewound,
} from './eventFeed.ts'
export { type AccountProof, createMemoryProver, type Prover, type StorageProof } from './prover.ts'
export type { Recovered, SenderRecovery } from './senderRecovery.ts'
export type {
  SimulatedBlock,
  SimulatedCall,
  SimulatedTransaction,
  SimulationBlock,
  SimulationCall,
  SimulationRequest,
  Simulator,
} from './simulator.ts'
export {
  type AccountView,
  createMemoryState,
  type MemoryState,
  type StateHistoryReader,
  type StateReader,
} from './stateReader.ts'
export type { BlockTraceEntry, TraceResult, Tracer, TracerSpec } from './tracer.ts'
export {
  createMemorySubmitter,
  type MemorySubmitter,
  type SubmitTrace,
  type TxSubmitter,
} from './txSubmitter.ts'
