import {
  type BlockSource,
  ErrorCode,
  RtevmError,
  type SubmitTrace,
  type TxInclusion,
  type TxSubmitter,
  wallClockMs,
} from '@rtevm/protocol'
import { hexToBytes, keccak256 } from 'viem'
import { RpcErrorCode } from '../errors/index.ts'
import { decodeTransaction, formatReceipt, type RpcTransactionFields } from '../format/index.ts'
import { data, integer, type MethodTable, method, optional, type RequestContext } from '../jsonrpc/index.ts'
import type { SyncSendHops } from '../metrics/index.ts'

export type SendMethodsOptions = {
  submitter: TxSubmitter
  /** Where the receipt of an included transaction is read back (the edge's replica). */
  blocks: BlockSource
  /** EIP-7966 timeout when the client gives none. */
  defaultSyncTimeoutMs?: number
  /** Largest timeout a client may ask for; larger values are capped, not refused. */
  maxSyncTimeoutMs?: number
  /** Cap of `realtime_sendRawTransaction` (MegaETH: 10 s). */
  realtimeTimeoutMs?: number
  /** Where synchronous sends record their per-hop latency. */
  hops?: SyncSendHops
}

/**
 * `eth_sendRawTransaction` and `eth_sendRawTransactionSync` (EIP-7966) over a
 * `TxSubmitter`, and MegaETH's `realtime_sendRawTransaction`. The bytes are
 * decoded first so garbage never reaches the link. A sync send of a
 * transaction already included answers its receipt rather than a nonce error,
 * so a client may retry one whose answer it lost.
 */
export function createSendMethods(options: SendMethodsOptions): MethodTable {
  const { submitter, blocks, hops } = options
  const defaultTimeout = options.defaultSyncTimeoutMs ?? 2_000
  const maxTimeout = options.maxSyncTimeoutMs ?? 10_000
  const realtimeTimeout = options.realtimeTimeoutMs ?? 10_000

  /** Decodes (→ -32000 on garbage): the fields its receipt needs and the hash the client will know it by. */
  function admit(raw: Uint8Array): { fields: RpcTransactionFields; hash: `0x${string}` } {
    return { fields: decodeTransaction(raw), hash: keccak256(raw) }
  }

  /** A trace of this call's hops, recorded once its answer is written; none without `hops`. */
  function traceOf(ctx: RequestContext): SubmitTrace | undefined {
    if (!hops) return undefined
    const trace: SubmitTrace = { received: ctx.receivedAt }
    ctx.afterReply(() => hops.record(trace, wallClockMs()))
    return trace
  }

  return {
    // Waits for the sequencer's answer: it executes on arrival, so the ack is
    // sub-millisecond, and a rejection (nonce, funds, fee) reaches the client as an error.
    eth_sendRawTransaction: method([data('signed transaction')], async ([raw]) => {
      const { hash } = admit(raw)
      await submitter.submit(raw)
      return hash
    }),
    eth_sendRawTransactionSync: method(
      [data('signed transaction'), optional(integer('timeout ms', Number.MAX_SAFE_INTEGER))],
      async ([raw, timeoutMs], ctx) => {
        const { fields, hash } = admit(raw)
        const included = includedReceipt(fields, hash)
        if (included) return included
        const timeout = Math.min(timeoutMs ?? defaultTimeout, maxTimeout)
        const inclusion = await withTimeout(submitter.submit(raw, traceOf(ctx)), timeout, hash).catch(
          (error: unknown) => {
            if (isIncluded(hash)) return undefined
            throw syncError(error, hash)
          },
        )
        return inclusion ? receiptFor(inclusion, fields, hash) : includedReceipt(fields, hash)
      },
    ),
    // MegaETH's name for the same idea, with its own failure: a fixed cap and -32000.
    realtime_sendRawTransaction: method([data('signed transaction')], async ([raw], ctx) => {
      const { fields, hash } = admit(raw)
      const included = includedReceipt(fields, hash)
      if (included) return included
      const inclusion = await withTimeout(submitter.submit(raw, traceOf(ctx)), realtimeTimeout, hash).catch(
        (error: unknown) => {
          if (isIncluded(hash)) return undefined
          if (error instanceof RtevmError && error.code === ErrorCode.Timeout && error.data === hash) {
            throw new RtevmError(RpcErrorCode.RealtimeExpired, 'realtime transaction expired', { data: hash })
          }
          throw error
        },
      )
      return inclusion ? receiptFor(inclusion, fields, hash) : includedReceipt(fields, hash)
    }),
  }

  function isIncluded(hash: `0x${string}`): boolean {
    return blocks.getTransaction(hexToBytes(hash)) !== undefined
  }

  /**
   * The receipt of a transaction the replica already holds (a retry), checked before submitting
   * and again when the submission fails: a duplicate racing its original loses on its nonce.
   */
  function includedReceipt(fields: RpcTransactionFields, hash: `0x${string}`) {
    const record = blocks.getTransaction(hexToBytes(hash))
    if (!record) return undefined
    const blockHash = blocks.getBlockByNumber(record.blockNumber)?.hash ?? new Uint8Array(32)
    return formatReceipt(record, blockHash, fields)
  }

  function receiptFor(inclusion: TxInclusion, fields: RpcTransactionFields, hash: `0x${string}`) {
    const record = blocks.getTransaction(inclusion.hash)
    if (!record) {
      // Included, but this edge's replica has not applied the mini-block yet.
      throw new RtevmError(RpcErrorCode.NotReady, 'transaction included; receipt not yet available', {
        data: hash,
        retryable: true,
      })
    }
    const blockHash = blocks.getBlockByNumber(record.blockNumber)?.hash ?? new Uint8Array(32)
    return formatReceipt(record, blockHash, fields)
  }
}

/** Rejects with a `Timeout` RtevmError (→ code 4, hash in `data`) unless `promise` settles first. */
function withTimeout<T>(promise: Promise<T>, ms: number, hash: `0x${string}`): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const message = `transaction not included within ${ms} ms`
      reject(new RtevmError(ErrorCode.Timeout, message, { data: hash, retryable: true }))
    }, ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** EIP-7966: a nonce gap means "not ready" (code 5); other errors keep their code, with the hash attached. */
function syncError(error: unknown, hash: `0x${string}`): unknown {
  if (!(error instanceof RtevmError)) return error
  if (error.code === ErrorCode.NonceTooHigh) {
    return new RtevmError(RpcErrorCode.NotReady, error.shortMessage, { data: hash, cause: error })
  }
  if (error.data !== undefined) return error
  return new RtevmError(error.code, error.shortMessage, {
    data: hash,
    cause: error,
    retryable: error.retryable,
  })
}
