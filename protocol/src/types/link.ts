import type { StreamEvent } from './chain.ts'
import type { DevCommand, DevResult } from './dev.ts'
import type { TxInclusion } from './txInclusion.ts'
import type { Attestation } from './witness.ts'

/** Frames a client (edge, full node, tool) sends to the sequencer over the binary link. */
export type LinkRequest =
  /** Start (or restart) the event stream at `fromSeq`; the server replays history then follows live. */
  /** `compact`: send mini-blocks with compact diffs (`compactEvent`) where the server has them. */
  /**
   * `batchMs`: once live, send events in batches at most every `batchMs`
   * (one frame burst, one wake-up of the follower per batch) instead of one
   * by one as each becomes durable: for followers that work per block or
   * can lag a few milliseconds (verifiers, indexers), so they do not wake
   * per mini-block and compete with the hot path.
   */
  | { kind: 'subscribe'; fromSeq: bigint; compact?: boolean; batchMs?: number }
  /** Submit a signed transaction; answered by `txReceipt` or `txRejected` with the same `id`. */
  | { kind: 'submitTx'; id: number; raw: Uint8Array }
  /** A devnet command; answered by `devResult` or `txRejected` with the same `id`. */
  | { kind: 'dev'; id: number; command: DevCommand }
  /** A transaction from an impersonated sender (signature ignored); answered like `submitTx`. */
  | { kind: 'submitAs'; id: number; from: Uint8Array; raw: Uint8Array }
  /** The witness of a recent block, for stateless verifiers; answered by `witness` or `txRejected`. */
  | { kind: 'getWitness'; id: number; blockNumber: bigint }
  /** A verifier's signed attestation; answered by `devResult` (value: the finalized block) or `txRejected`. */
  | { kind: 'attest'; id: number; attestation: Attestation }
  /** The chain's genesis (`encodeGenesis`); answered by `genesis` or `txRejected` with the same `id`. */
  | { kind: 'getGenesis'; id: number }

/** Frames the sequencer sends back. */
export type LinkResponse =
  | { kind: 'event'; event: StreamEvent }
  | { kind: 'txReceipt'; id: number; inclusion: TxInclusion }
  /** The failure of any request carrying an `id` (a submission or a dev command). */
  | { kind: 'txRejected'; id: number; code: string; message: string }
  | { kind: 'devResult'; id: number; result: DevResult }
  /** A stream event in the compact format (`createCompactStreamEncoder`), for a follower that asked for it. */
  | { kind: 'compactEvent'; event: Uint8Array }
  /** `encodeWitness` bytes of the block asked for. */
  | { kind: 'witness'; id: number; witness: Uint8Array }
  /** `encodeGenesis` bytes of the chain's genesis. */
  | { kind: 'genesis'; id: number; genesis: Uint8Array }
  /** Connection-level failure (bad frame, pruned cursor); the server closes after sending it. */
  | { kind: 'error'; code: string; message: string }
