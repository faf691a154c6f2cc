import type {
  Attestation,
  ChainGenesis,
  DevCommand,
  DevResult,
  GenesisAccount,
  RtevmError,
  StreamEvent,
  TxInclusion,
} from '@rtevm/protocol'
import type { LinkKey } from './linkKey.ts'
import type { ReconnectOptions } from './reconnectDelay.ts'

export type LinkClientOptions = {
  /** `ws://host:port` (or `wss://` for a link served over TLS) of the sequencer's link server. */
  url: string
  /**
   * Authenticate every connection with this key before using it: the server
   * grants the roles its peers file lists for the key. Without one the
   * connection holds what the server gives anyone (everything on an open
   * loopback devnet, nothing on a link with a peers file).
   */
  key?: LinkKey
  /** PEM certificate(s) to trust for a `wss://` link, beside the system's (a self-signed link certificate). */
  ca?: string
  /**
   * Follow the event stream from this seq (inclusive). The client follows when
   * this or `onEvent` is given; the default cursor is 1 (the whole retained history).
   */
  fromSeq?: bigint
  /** Each event, in seq order, exactly once across reconnections. */
  onEvent?: (event: StreamEvent) => void
  /** Disconnections, protocol violations and cursor rejections; informational unless the client closes itself. */
  onError?: (error: RtevmError) => void
  /** Backoff between reconnection attempts; `false` closes the client on the first drop. */
  reconnect?: ReconnectOptions | false
  /** Submissions waiting for an answer (sent or queued) before `submit` refuses more. Default 4096. */
  maxPendingSubmits?: number
  /**
   * The chain's genesis accounts: ask for mini-blocks with compact diffs and
   * decode them (a follower from seq 1 only; the decoder needs the whole stream).
   */
  compact?: readonly GenesisAccount[]
  /**
   * Ask the server to send live events in batches at most this many
   * milliseconds apart (a follower that can lag a little wakes far less
   * often). Default 0: each event as soon as it is durable.
   */
  batchMs?: number
}

export type LinkClient = {
  /** Sends a signed transaction; resolves with its inclusion, rejects with the sequencer's typed error. */
  submit(raw: Uint8Array): Promise<TxInclusion>
  /** Sends a transaction from an impersonated sender (devnet); answered like `submit`. */
  submitAs(from: Uint8Array, raw: Uint8Array): Promise<TxInclusion>
  /** Sends a devnet command; resolves with its result. */
  dev(command: DevCommand): Promise<DevResult>
  /** The `encodeWitness` bytes of a recent block. */
  witness(blockNumber: bigint): Promise<Uint8Array>
  /** The chain's genesis, as the server serves it (decoded, not yet checked: see `loadGenesis`). */
  genesis(): Promise<ChainGenesis>
  /** Sends a verifier's attestation; resolves with the finalized block number once it is in the stream. */
  attest(attestation: Attestation): Promise<DevResult>
  /** Resolves once connected (and subscribed, for a follower); rejects if the client closed. */
  ready(): Promise<void>
  /** Seq of the last event handed to `onEvent` (`fromSeq - 1` before the first). */
  lastSeq(): bigint
  close(): Promise<void>
}
