import type {
  Attestation,
  Block,
  ChainGenesis,
  DevAccount,
  DevCommand,
  DevResult,
  Recovered,
  TxInclusion,
} from '@rtevm/protocol'
import type { SequencerConfig } from '../config/index.ts'
import type { CompilerStats } from '../evmCompiler/index.ts'
import type { RamState } from '../state/index.ts'
import type { EventLog } from '../stream/index.ts'
import type { Timing } from './timing.ts'

export type SequencerStats = {
  miniBlocks: bigint
  blocks: bigint
  transactions: bigint
  mempoolSize: number
  /** Time spent computing state roots, over all blocks and for the slowest one. */
  stateRootMs: Timing
  /** Time spent sealing blocks (state, transactions and receipts roots, header hash). */
  blockSealMs: Timing
  /** Background state snapshots (with a data directory). */
  snapshots: { written: number; lastError: unknown }
  /** Frames and executed gas, compiled and interpreted (with compileContracts). */
  compiler?: CompilerStats
}

/**
 * The RAM-resident sequencer: admits signed transactions, executes each on
 * arrival, seals mini-blocks when the queue drains or `miniBlockMaxWorkUs` of
 * work has accumulated, and seals an EVM block with its state root every
 * `blockIntervalMs`.
 */
export type Sequencer = {
  readonly config: SequencerConfig
  readonly devAccounts: readonly DevAccount[]
  /** The chain's genesis as followers get it over the link (block 0 and the state its root commits to). */
  readonly genesis: ChainGenesis
  /** `encodeGenesis(genesis)`, encoded once (the link's `getGenesis`). */
  encodedGenesis(): Promise<Uint8Array>
  /**
   * Admits `raw` and resolves once its mini-block is durable. Rejects with a
   * typed error. `recovered`: its sender, already recovered by a trusted caller
   * in this process (the in-process edge), so it is not recovered twice.
   */
  submit(raw: Uint8Array, recovered?: Recovered): Promise<TxInclusion>
  /**
   * Devnet: admits `raw` as sent by the impersonated `from`, its signature
   * ignored. Refused unless dev methods are on and `from` is impersonated.
   */
  submitAs(from: Uint8Array, raw: Uint8Array): Promise<TxInclusion>
  /**
   * Devnet: applies a state edit or chain control between transactions. A
   * state edit is published as a mini-block without transactions whose diff
   * carries it, so every follower sees it.
   */
  dev(command: DevCommand): Promise<DevResult>
  /** The outgoing stream of mini-blocks and blocks (numbered from 1). */
  readonly events: Pick<EventLog, 'head' | 'readFrom' | 'subscribe'>
  /** Read access to the live state (tests, diagnostics, the in-process replica). */
  readonly state: Pick<
    RamState,
    'getAccount' | 'getStorage' | 'getCode' | 'accountCount' | 'accounts' | 'storageOf'
  >
  latestBlock(): Block
  /**
   * Seals the open EVM block (after sealing any open mini-block). While the
   * pump is running, the block is sealed between transactions, never during one.
   */
  sealBlock(): Promise<Block>
  /** `encodeWitness` bytes of a recent sealed block (the newest 64), for stateless verifiers. */
  witness(blockNumber: bigint): Promise<Uint8Array>
  /**
   * Takes a verifier's attestation of a recent block: checks its signature
   * and signer (`config.verifiers`) and the block it names, advances
   * finality when the chain of ok attestations grows, and publishes it as a
   * `finality` stream event. Resolves with the finalized block number.
   */
  attest(attestation: Attestation): Promise<DevResult>
  stats(): SequencerStats
  close(): Promise<void>
}
