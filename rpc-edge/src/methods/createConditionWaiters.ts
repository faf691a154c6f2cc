import { type BlockSource, ErrorCode, type EventFeed, RtevmError, type StreamEvent } from '@rtevm/protocol'
import { bytesToHex } from 'viem'
import { LimitExceededError } from '../errors/index.ts'
import { type AfterCondition, describeCondition } from './afterCondition.ts'

/** Waits until conditions hold on the replica, a bounded number at a time. */
export type ConditionWaiters = {
  /**
   * Resolves once `condition` holds (at once if it already does); rejects with
   * a `Timeout` error (→ code 4, the condition in `data`) after `timeoutMs`, or
   * with `LimitExceededError` (→ -32005) when `maxWaiters` are already waiting.
   */
  wait(condition: AfterCondition, timeoutMs: number): Promise<void>
  /** How many are waiting now. */
  size(): number
}

type Waiter = { condition: AfterCondition; resolve(): void; timer: NodeJS.Timeout }

/**
 * Driven by the replica's events, not polling. Transaction waiters are keyed
 * by hash and checked against each mini-block's transactions; height waiters
 * are few and compared on every event. The replica listener is attached only
 * while someone waits, so an idle edge pays nothing.
 */
export function createConditionWaiters(deps: {
  replica: Pick<BlockSource, 'head' | 'getTransaction'> & Pick<EventFeed, 'onEvent'>
  maxWaiters: number
}): ConditionWaiters {
  const { replica, maxWaiters } = deps
  const byHash = new Map<string, Set<Waiter>>()
  const byHeight = new Set<Waiter>()
  let count = 0
  let unsubscribe: (() => void) | undefined

  function holds(condition: AfterCondition): boolean {
    if (condition.kind === 'transaction') return replica.getTransaction(condition.hash) !== undefined
    const head = replica.head()
    return (condition.kind === 'miniBlock' ? head.miniBlock : head.block) >= condition.number
  }

  function remove(waiter: Waiter): void {
    clearTimeout(waiter.timer)
    const { condition } = waiter
    if (condition.kind === 'transaction') {
      const set = byHash.get(condition.hex)
      set?.delete(waiter)
      if (set?.size === 0) byHash.delete(condition.hex)
    } else byHeight.delete(waiter)
    count--
    if (count === 0) {
      unsubscribe?.()
      unsubscribe = undefined
    }
  }

  function release(waiter: Waiter): void {
    remove(waiter)
    waiter.resolve()
  }

  function onEvent(event: StreamEvent): void {
    if (event.kind === 'miniBlock' && byHash.size > 0) {
      for (const tx of event.miniBlock.transactions) {
        const set = byHash.get(bytesToHex(tx.hash))
        if (set) for (const waiter of [...set]) release(waiter)
      }
    }
    for (const waiter of [...byHeight]) if (holds(waiter.condition)) release(waiter)
  }

  return {
    wait(condition, timeoutMs) {
      if (holds(condition)) return Promise.resolve()
      if (count >= maxWaiters) {
        return Promise.reject(new LimitExceededError('waiting eth_callAfter calls', count + 1, maxWaiters))
      }
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          condition,
          resolve,
          timer: setTimeout(() => {
            remove(waiter)
            reject(timeoutError(condition, timeoutMs))
          }, timeoutMs),
        }
        // A request still waiting when the edge closes must not keep the process alive.
        waiter.timer.unref()
        count++
        if (condition.kind === 'transaction') {
          const set = byHash.get(condition.hex) ?? new Set()
          set.add(waiter)
          byHash.set(condition.hex, set)
        } else byHeight.add(waiter)
        unsubscribe ??= replica.onEvent(onEvent)
      })
    },
    size: () => count,
  }
}

/** Mirrors eth_sendRawTransactionSync's timeout: code 4, the hash (or the condition) in `data`. */
function timeoutError(condition: AfterCondition, ms: number): RtevmError {
  const message =
    condition.kind === 'transaction'
      ? `transaction not included within ${ms} ms`
      : `${condition.kind === 'miniBlock' ? 'mini-block' : 'block'} ${condition.number} not reached within ${ms} ms`
  return new RtevmError(ErrorCode.Timeout, message, { data: describeCondition(condition), retryable: true })
}
