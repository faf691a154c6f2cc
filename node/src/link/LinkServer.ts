import type { Attestation, DevCommand, DevResult, RtevmError, TxInclusion } from '@rtevm/protocol'
import type { LinkConfig } from '../config/index.ts'
import type { EventLog } from '../stream/index.ts'

/** What the link needs from the sequencer: admission, devnet commands and the event stream. */
export type LinkBackend = {
  submit(raw: Uint8Array): Promise<TxInclusion>
  submitAs(from: Uint8Array, raw: Uint8Array): Promise<TxInclusion>
  dev(command: DevCommand): Promise<DevResult>
  /** `encodeWitness` bytes of a recent block; rejects with NotFound when it is not retained. */
  witness(blockNumber: bigint): Promise<Uint8Array>
  attest(attestation: Attestation): Promise<DevResult>
  /** `encodeGenesis` bytes of the chain's genesis (followers take it at connect). */
  encodedGenesis(): Promise<Uint8Array>
  events: Pick<EventLog, 'head' | 'readFrom' | 'subscribe'>
}

export type LinkServerOptions = {
  config: LinkConfig
  backend: LinkBackend
  /** Failures the server survived (a reply it could not send, a fan-out that threw), for logs. */
  onError?: (error: RtevmError) => void
  /** See `FollowerFeedOptions.cursorAheadWaitMs`; 0 (default) for the sequencer, a few seconds for relays. */
  cursorAheadWaitMs?: number
}

export type LinkServer = {
  /** The bound port (the real one when `config.port` is 0). */
  readonly port: number
  /** `ws://host:port` for `createLinkClient`. */
  readonly url: string
  /** Open WebSocket connections. */
  connections(): number
  /** Stops listening and closes every connection with 1001; in-flight replies are dropped. */
  close(): Promise<void>
}
