import {
  ErrorCode,
  type Recovered,
  RtevmError,
  type SequencerStamps,
  type TxInclusion,
  wallClockMs,
} from '@rtevm/protocol'
import type { SequencerConfig } from '../config/index.ts'
import type { DecodedTransaction, TransactionDecoder } from '../executor/index.ts'
import type { Mempool } from '../mempool/index.ts'
import { hexFromBytes, type RamState } from '../state/index.ts'
import { type Admitted, toPoolTransaction } from './admission.ts'
import type { ExecutionPump } from './createExecutionPump.ts'
import type { Publisher } from './createPublisher.ts'
import { DataLogFailedError, ShuttingDownError } from './errors.ts'
import { rejectionOf } from './rejections.ts'

/** The way in: decodes and checks a transaction, queues it, and hands back the promise of its receipt. */
export type Admission = {
  /**
   * Decodes `raw` and admits it. Its sender is recovered off the execution
   * thread, or taken from `recovered` (a trusted caller in this process).
   */
  submit(raw: Uint8Array, recovered?: Recovered): Promise<TxInclusion>
  /** Admits an already decoded transaction; resolves once its mini-block is durable. */
  admit(decoded: DecodedTransaction, stamps?: SequencerStamps): Promise<TxInclusion>
}

export function createAdmission(deps: {
  config: SequencerConfig
  decoder: TransactionDecoder
  mempool: Mempool
  state: RamState
  pump: ExecutionPump
  publisher: Publisher
  /** The open block's: what a transaction must pay at least. */
  baseFeePerGas(): bigint
  isClosed(): boolean
}): Admission {
  const { config, decoder, mempool, state, pump, publisher, isClosed } = deps

  function admit(decoded: DecodedTransaction, stamps = startStamps()): Promise<TxInclusion> {
    if (publisher.failure() !== undefined) return Promise.reject(new DataLogFailedError(publisher.failure()))
    const rejection = rejectionOf(decoded, config)
    if (rejection) return Promise.reject(rejection)
    if (isClosed()) return Promise.reject(new ShuttingDownError())
    return new Promise<TxInclusion>((resolve, reject) => {
      const admitted: Admitted = { decoded, stamps, resolve, reject }
      const senderHex = hexFromBytes(decoded.from)
      const account = state.getAccount(senderHex)
      const result = mempool.add(
        toPoolTransaction(admitted, `0x${senderHex}`, `0x${hexFromBytes(decoded.hash)}`),
        { nonce: account?.nonce ?? 0n, balance: account?.balance ?? 0n },
        deps.baseFeePerGas(),
      )
      if (result.replaced) {
        ;(result.replaced.payload as Admitted).reject(
          new RtevmError(
            ErrorCode.TransactionReplaced,
            `transaction ${result.replaced.hash} was replaced by a higher-fee one`,
          ),
        )
      }
      for (const evicted of result.evicted ?? []) {
        ;(evicted.payload as Admitted).reject(
          new RtevmError(
            ErrorCode.TransactionEvicted,
            `transaction ${evicted.hash} was evicted from a full mempool`,
            {
              retryable: true,
            },
          ),
        )
      }
      if (result.ready) void pump.pump()
    })
  }

  async function submit(raw: Uint8Array, recovered?: Recovered): Promise<TxInclusion> {
    const received = wallClockMs()
    if (isClosed()) throw new ShuttingDownError()
    if (publisher.failure() !== undefined) throw new DataLogFailedError(publisher.failure())
    let decoded: DecodedTransaction
    try {
      decoded = recovered ? decoder.decodeRecovered(raw, recovered) : await decoder.decode(raw)
    } catch (error) {
      throw isClosed() ? new ShuttingDownError() : error
    }
    const stamps = startStamps(received)
    stamps.recovered = wallClockMs()
    return admit(decoded, stamps)
  }

  return { submit, admit }
}

/** Stamps of a transaction that reached the sequencer at `received`; later stages are filled in as it passes them. */
function startStamps(received = wallClockMs()): SequencerStamps {
  return { received, recovered: received, executing: 0, executed: 0, sealed: 0, durable: 0 }
}
