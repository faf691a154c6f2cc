import { type EventFeed, RtevmError } from '@rtevm/protocol'
import { RpcErrorCode } from '../errors/index.ts'

/** Waits for the edge's replica to reach a point of the stream, so a read right after sees it. */
export type ReplicaWaiter = {
  /**
   * Resolves once `reached()` holds, checked after each event the replica
   * applies; after `maxWaitMs` it resolves anyway (the caller then answers
   * from the state it has). Rejects beyond `maxWaiters` at once.
   */
  until(reached: () => boolean): Promise<void>
  close(): void
}

type Waiter = { reached(): boolean; resolve(): void; timer: NodeJS.Timeout }

export function createReplicaWaiter(deps: {
  replica: Pick<EventFeed, 'onEvent'>
  maxWaitMs: number
  maxWaiters: number
}): ReplicaWaiter {
  let waiters: Waiter[] = []
  const unsubscribe = deps.replica.onEvent(() => {
    if (waiters.length === 0) return
    waiters = waiters.filter((waiter) => {
      if (!waiter.reached()) return true
      clearTimeout(waiter.timer)
      waiter.resolve()
      return false
    })
  })

  return {
    until(reached) {
      if (reached()) return Promise.resolve()
      if (waiters.length >= deps.maxWaiters) {
        const message = `${waiters.length} requests are waiting for the replica, limit ${deps.maxWaiters}`
        return Promise.reject(new RtevmError(RpcErrorCode.LimitExceeded, message, { retryable: true }))
      }
      return new Promise((resolve) => {
        const waiter: Waiter = {
          reached,
          resolve,
          timer: setTimeout(() => {
            waiters = waiters.filter((w) => w !== waiter)
            resolve()
          }, deps.maxWaitMs),
        }
        waiters.push(waiter)
      })
    },
    close() {
      unsubscribe()
      for (const waiter of waiters) {
        clearTimeout(waiter.timer)
        waiter.resolve()
      }
      waiters = []
    },
  }
}
