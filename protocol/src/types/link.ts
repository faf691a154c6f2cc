import type { StreamEvent } from './chain.ts'
import type { DevCommand, DevResult } from './dev.ts'
import type { TxInclusion } from './txInclusion.ts'
import type { Attestation } from './witness.ts'

/**
 * What a link connection may do, granted per peer by the server's operator:
 * `follow` the stream (and fetch witnesses and genesis), `submit` signed
 * transactions, `attest` as a verifier, and `privileged` (`submitAs` and dev
 * commands).
 */
export type LinkRole = 'follow' | 'submit' | 'attest' | 'privileged'

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
  /** Asks for a challenge to authenticate this connection with; answered by `challenge`. */
  | { kind: 'authChallenge' }
  /**
   * Proves the connection holds the Ed25519 key `publicKey`: `signature` is over
   * `linkAuthMessage(challenge)`. Answered by `authenticated`, or by `error` and a close.
   */
  | { kind: 'authenticate'; publicKey: Uint8Array; signature: Uint8Array }

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
  /**
   * Connection-level failure (bad frame, pruned cursor); the server closes after
   * sending it, except for `FORBIDDEN` (a subscribe without the `follow` role).
   */
  | { kind: 'error'; code: string; message: string }
  /** 32 random bytes to sign, once per connection (see `authenticate`). */
  | { kind: 'challenge'; challenge: Uint8Array }
  /** The connection is now the operator's peer `peer`, holding `roles`. */
  | { kind: 'authenticated'; peer: string; roles: LinkRole[] }
