import type { GraphqlApiError } from '../errors.ts'

/** Ends a subscription with an error: yielded once as the last item, then the stream completes. */
export type SubscriptionFailure = { failure: GraphqlApiError }

export const isFailure = (item: unknown): item is SubscriptionFailure =>
  typeof item === 'object' && item !== null && 'failure' in item

export type EventQueue<T> = {
  /** Queues `item`; past `limit` unread items the queue is failed with `onOverflow()` instead. */
  push(item: T): void
  /** Drops what is queued and ends the stream with `error` after the reader takes it. */
  fail(error: GraphqlApiError): void
  readonly closed: boolean
  iterator: AsyncIterableIterator<T | SubscriptionFailure>
}

/**
 * A bounded single-reader queue behind one subscription. Memory stays bounded
 * by `limit`: a reader that falls that far behind gets `onOverflow()`'s error
 * (its undelivered events are dropped) rather than the server buffering for it.
 * `onClose` runs once, when the reader stops or the queue ends.
 */
export function createEventQueue<T>(
  limit: number,
  onOverflow: () => GraphqlApiError,
  onClose: () => void,
): EventQueue<T> {
  const items: Array<T | SubscriptionFailure> = []
  let waiting: ((result: IteratorResult<T | SubscriptionFailure>) => void) | undefined
  let failed = false
  let done = false

  function finish(): void {
    if (done) return
    done = true
    items.length = 0
    onClose()
    waiting?.({ value: undefined, done: true })
    waiting = undefined
  }

  function deliver(item: T | SubscriptionFailure): void {
    if (waiting) {
      const resolve = waiting
      waiting = undefined
      resolve({ value: item, done: false })
    } else items.push(item)
  }

  function fail(error: GraphqlApiError): void {
    if (failed || done) return
    failed = true
    items.length = 0
    deliver({ failure: error })
  }

  const iterator: AsyncIterableIterator<T | SubscriptionFailure> = {
    next() {
      if (items.length > 0)
        return Promise.resolve({ value: items.shift() as T | SubscriptionFailure, done: false })
      if (done || failed) {
        finish()
        return Promise.resolve({ value: undefined, done: true })
      }
      return new Promise((resolve) => {
        waiting = resolve
      })
    },
    return() {
      finish()
      return Promise.resolve({ value: undefined, done: true })
    },
    throw(error) {
      finish()
      return Promise.reject(error)
    },
    [Symbol.asyncIterator]() {
      return this
    },
  }

  return {
    push(item) {
      if (failed || done) return
      if (items.length >= limit) fail(onOverflow())
      else deliver(item)
    },
    fail,
    get closed() {
      return failed || done
    },
    iterator,
  }
}
