import type { SqlExecutor } from '../../database/SqlDatabase.ts'
import type { CommittedBatch } from '../../follower/CommittedBatch.ts'
import type { Indexer, IndexerLag } from '../../follower/createIndexer.ts'
import { GraphqlApiError, GraphqlErrorCode } from '../errors.ts'
import type { ApiLimits } from '../limits.ts'
import type { MetaModel } from '../models.ts'
import { readMeta } from '../resolvers/readMeta.ts'
import { type BatchView, createBatchView } from './createBatchView.ts'
import { createEventQueue, type EventQueue, type SubscriptionFailure } from './createEventQueue.ts'

/** What one subscription does with each committed batch (and how it stops its own timers). */
export type SubscriptionSource = {
  onBatch?(view: BatchView): void
  stop?(): void
}

export type SubscriptionHub = {
  /**
   * Opens a subscription for `connection`: `setup` gets the function that
   * queues an event and returns what to do per batch. Throws
   * TOO_MANY_SUBSCRIPTIONS past the limits.
   */
  open<T>(
    connection: object,
    setup: (push: (item: T) => void) => SubscriptionSource,
  ): AsyncIterableIterator<T | SubscriptionFailure>
  /** Where the index stands after the last batch heard of. */
  head(): MetaModel
  /** How far the index is behind the stream (the indexer's `lag`). */
  lag(): IndexerLag
  /** Active subscriptions. */
  size(): number
  /** Ends every subscription with SERVER_CLOSING and stops listening. */
  close(): void
}

type Active = { queue: EventQueue<never>; source: SubscriptionSource; connection: object }

/**
 * Fans committed batches out to subscriptions. The indexer calls listeners
 * once per batch in stream order, and each subscription queues synchronously
 * from that call, so every subscriber sees every event once, in order, from
 * the first batch after it subscribed.
 */
export async function createSubscriptionHub(
  indexer: Pick<Indexer, 'onCommit' | 'lag'>,
  sql: SqlExecutor,
  limits: ApiLimits,
): Promise<SubscriptionHub> {
  const active = new Set<Active>()
  const perConnection = new WeakMap<object, number>()
  let head: MetaModel | undefined
  const early: CommittedBatch[] = []

  function advance(batch: CommittedBatch): void {
    if (!head || batch.toSeq <= head.cursor) return
    const rewind = batch.events.findLast((event) => event.kind === 'rewind')
    if (rewind?.kind === 'rewind') {
      // The head goes back with the chain (a rewind is a batch of its own).
      head = {
        ...head,
        cursor: batch.toSeq,
        headMiniBlock: rewind.rewind.miniBlockNumber,
        headBlock: rewind.rewind.block.header.number,
        finalizedBlock: batch.finalizedBlock,
      }
      return
    }
    const lastMiniBlock = batch.miniBlocks[batch.miniBlocks.length - 1]
    const lastBlock = batch.blocks[batch.blocks.length - 1]
    head = {
      cursor: batch.toSeq,
      headMiniBlock: lastMiniBlock?.number ?? head.headMiniBlock,
      headTimestampUs: lastMiniBlock?.timestampUs ?? head.headTimestampUs,
      headBlock: lastBlock?.header.number ?? head.headBlock,
      finalizedBlock: batch.finalizedBlock,
    }
  }

  function remove(subscription: Active): void {
    if (!active.delete(subscription)) return
    const count = (perConnection.get(subscription.connection) ?? 1) - 1
    perConnection.set(subscription.connection, count)
    try {
      subscription.source.stop?.()
    } catch {
      // Stopping a timer cannot usefully fail; the subscription is gone either way.
    }
  }

  const stopListening = indexer.onCommit((batch) => {
    if (!head) {
      early.push(batch)
      return
    }
    const before = head
    advance(batch)
    if (active.size === 0) return
    const view = createBatchView(batch, before)
    for (const subscription of active) {
      subscription.source.onBatch?.(view)
      if (subscription.queue.closed) remove(subscription)
    }
  })
  // Listening starts before the read, so no batch falls between the two.
  head = await readMeta(sql)
  for (const batch of early.splice(0)) advance(batch)

  return {
    open<T>(connection: object, setup: (push: (item: T) => void) => SubscriptionSource) {
      if (active.size >= limits.maxSubscriptions) {
        throw new GraphqlApiError(
          GraphqlErrorCode.TooManySubscriptions,
          `the server has its maximum of ${limits.maxSubscriptions} active subscriptions`,
        )
      }
      const count = perConnection.get(connection) ?? 0
      if (count >= limits.maxSubscriptionsPerConnection) {
        throw new GraphqlApiError(
          GraphqlErrorCode.TooManySubscriptions,
          `this connection has its maximum of ${limits.maxSubscriptionsPerConnection} active subscriptions`,
        )
      }
      const overflow = () =>
        new GraphqlApiError(
          GraphqlErrorCode.SubscriberTooSlow,
          `subscriber fell ${limits.subscriberQueueLimit} events behind and was closed; resubscribe and catch up with a query`,
          { queueLimit: limits.subscriberQueueLimit },
        )
      const queue = createEventQueue<T>(limits.subscriberQueueLimit, overflow, () => remove(subscription))
      const subscription: Active = { queue: queue as EventQueue<never>, source: {}, connection }
      perConnection.set(connection, count + 1)
      active.add(subscription)
      subscription.source = setup((item) => {
        queue.push(item)
        if (queue.closed) remove(subscription)
      })
      return queue.iterator
    },
    head: () => head as MetaModel,
    lag: () => indexer.lag(),
    size: () => active.size,
    close() {
      stopListening()
      for (const subscription of [...active]) {
        subscription.queue.fail(
          new GraphqlApiError(GraphqlErrorCode.ServerClosing, 'the server is shutting down'),
        )
        remove(subscription)
      }
    },
  }
}
