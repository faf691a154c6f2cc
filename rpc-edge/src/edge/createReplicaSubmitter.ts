import type { Replica } from '@rtevm/node'
import type { TxInclusion, TxSubmitter } from '@rtevm/protocol'
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

/**
 * Checks each transaction at the edge first (`admission`: what the sequencer
 * would refuse never crosses the link), submits over the link and resolves
 * only once the edge's replica has applied the mini-block that included the
 * transaction, so a receipt read right after (eth_sendRawTransactionSync, or
 * a client's eth_getTransactionReceipt) finds it. The inclusion travels on the
 * submit path and the mini-block on the stream: either may arrive first. The
 * wait is bounded by `maxWaitMs`; callers with a shorter deadline (EIP-7966
 * timeouts) race it themselves.
 */
export function createReplicaSubmitter(deps: {
  link: TxSubmitter
  replica: Pick<Replica, 'head' | 'onEvent'>
  admission: Admission
  maxWaitMs: number
}): ReplicaSubmitter {
  const { link, replica, admission } = deps
  const waiter = createReplicaWaiter({ replica, maxWaitMs: deps.maxWaitMs, maxWaiters: MAX_WAITERS })
  return {
    async submit(raw) {
      await admission.check(raw)
      const inclusion: TxInclusion = await link.submit(raw)
      await waiter.until(() => replica.head().miniBlock >= inclusion.miniBlockNumber)
      return inclusion
    },
    close() {
      waiter.close()
      void admission.close()
    },
  }
}
