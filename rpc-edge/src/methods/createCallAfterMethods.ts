import type { BlockSource, EventFeed } from '@rtevm/protocol'
import {
  integer,
  type Method,
  type MethodTable,
  method,
  object,
  optional,
  parseParams,
} from '../jsonrpc/index.ts'
import { afterCondition } from './afterCondition.ts'
import { createConditionWaiters } from './createConditionWaiters.ts'

export type CallAfterMethodsOptions = {
  /** The edge's eth_call: its own parameter checks and failures apply unchanged. */
  ethCall: Method
  replica: Pick<BlockSource, 'head' | 'getTransaction'> & Pick<EventFeed, 'onEvent'>
  /** Wait when the client gives no timeout. */
  defaultTimeoutMs: number
  /** Longest wait a client may ask for; longer ones are capped, not refused. */
  maxTimeoutMs: number
  /** Most calls waiting at once; more → -32005. */
  maxWaiters: number
}

/**
 * `eth_callAfter(call, after, timeoutMs?)`: read-your-writes eth_call. Waits
 * until `after` holds on this edge's replica (see `AfterCondition`), then runs
 * the call on the newest state, which includes it. A timeout is code 4 with
 * the hash or condition in `data`, as eth_sendRawTransactionSync's.
 */
export function createCallAfterMethods(options: CallAfterMethodsOptions): MethodTable {
  const { ethCall, defaultTimeoutMs, maxTimeoutMs } = options
  const waiters = createConditionWaiters({ replica: options.replica, maxWaiters: options.maxWaiters })
  return {
    eth_callAfter: method(
      [object('call'), afterCondition(), optional(integer('timeout ms'))],
      async ([call, after, timeoutMs], ctx) => {
        // Checked before waiting, so a bad call fails at once rather than after the wait.
        const params = parseParams(ethCall.params, [call, 'latest'])
        const asked = timeoutMs ?? defaultTimeoutMs
        await waiters.wait(after, asked < maxTimeoutMs ? asked : maxTimeoutMs)
        return ethCall.handler(params, ctx)
      },
    ),
  }
}
