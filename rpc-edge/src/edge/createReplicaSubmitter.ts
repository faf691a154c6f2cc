import {
  type BlockSource,
  type EventFeed,
  type Recovered,
  type TransactionRecord,
  type TxInclusion,
  type TxSubmitter,
  wallClockMs,
} from '@rtevm/protocol'
import type { Admission } from '../admission/index.ts'
import { createReplicaWaiter } from './createReplicaWaiter.ts'

export type ReplicaSubmitter = TxSubmitter & {
  /** Stops waiting (pending submissions resolve with their inclusion as it is) and stops admission. */
  close(): void
}

/**
 * Above the link client's own limit on pending submissions (4 096), so a
 * transaction the sequencer included is never refused for want of a waiter.
 */
const MAX_WAITERS = 65_536
const NEVER = new Promise<never>(() => {})

/**
 * Checks each transaction at the edge first (`admission`: what the sequencer
 * would refuse never crosses the link), submits over the link and resolves
 * only once the edge's replica has applied the mini-block that included the
 * transaction, so a receipt read right after (eth_sendRawTransactionSync, or
 * a client's eth_getTransactionReceipt) finds it. The inclusion travels on the
 * submit path and the mini-block on the stream: either may arrive first. The
 * sequencer streams a mini-block once it is durable and answers its
 * submitters right after, so the mini-block usually comes first: the
 * transaction found in the replica is answered then, without waiting for the
 * sequencer's answer (a separate frame, often a separate wake-up of this
 * process). The wait is bounded by `maxWaitMs`; callers with a shorter
 * deadline (EIP-7966 timeouts) race it themselves.
 */
export function createReplicaSubmitter(deps: {
  /** The sequencer: over the link, or in this process (which takes the sender admission recovered). */
  link: { submit(raw: Uint8Array, recovered?: Recovered): Promise<TxInclusion> }
  replica: Pick<BlockSource, 'head' | 'getTransaction'> & Pick<EventFeed, 'onEvent'>
  admission: Admission
  maxWaitMs: number
}): ReplicaSubmitter {
  const { link, replica, admission } = deps
  const waiter = createReplicaWaiter({ replica, maxWaitMs: deps.maxWaitMs, maxWaiters: MAX_WAITERS })
  return {
    async submit(raw, trace) {
      const recovered = await admission.check(raw)
      const { hash } = recovered
      if (trace) trace.admitted = wallClockMs()
      let inclusion: TxInclusion | undefined
      let failed = false
      const replied = link.submit(raw, recovered).then(
        (value) => {
          inclusion = value
          if (trace) trace.stamps = value.stamps
          return value
        },
        (error: unknown) => {
          failed = true
          throw error
        },
      )
      // Answered from the replica, the reply may still fail later (the link dropped): nobody awaits it then.
      replied.catch(() => {})
      const reached = () =>
        failed ||
        replica.getTransaction(hash) !== undefined ||
        (inclusion !== undefined && replica.head().miniBlock >= inclusion.miniBlockNumber)
      // The waiter checks after each replica event; a reply arriving after the mini-block is
      // checked here. A rejection ends the wait at once.
      await Promise.race([
        waiter.until(reached),
        replied.then((value) => (replica.head().miniBlock >= value.miniBlockNumber ? undefined : NEVER)),
      ])
      if (trace) trace.applied = wallClockMs()
      if (inclusion) return inclusion
      const record = replica.getTransaction(hash)
      return record ? inclusionOf(record) : await replied
    },
    close() {
      waiter.close()
      void admission.close()
    },
  }
}

function inclusionOf(record: TransactionRecord): TxInclusion {
  return {
    hash: record.tx.hash,
    miniBlockNumber: record.miniBlockNumber,
    blockNumber: record.blockNumber,
    txIndex: record.txIndex,
    receipt: record.receipt,
  }
}
