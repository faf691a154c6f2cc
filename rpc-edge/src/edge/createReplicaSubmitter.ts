import type { Replica } from '@rtevm/node'
import type { TxInclusion, TxSubmitter } from '@rtevm/protocol'
import type { Admission } from '../admission/index.ts'

export type ReplicaSubmitter = TxSubmitter & {
  /** Stops waiting (pending submissions resolve with their inclusion as it is) and stops admission. */
  close(): void
}

type Waiter = { miniBlock: bigint; resolve(): void; timer: NodeJS.Timeout }

/**
 * Checks each transaction at the edge first (`admission`: what the sequencer
 * would refuse never crosses the link), submits over the link and resolves only once the edge's replica has applied
 * the mini-block that included the transaction, so a receipt read right after
 * (eth_sendRawTransactionSync, or a client's eth_getTransactionReceipt) finds
 * it. The inclusion travels on the submit path and the mini-block on the
 * stream: either may arrive first. The wait is bounded by `maxWaitMs`;
 * callers with a shorter deadline (EIP-7966 timeouts) race it themselves.
 */
export function createReplicaSubmitter(deps: {
  link: TxSubmitter
  replica: Pick<Replica, 'head' | 'onEvent'>
  admission: Admission
  maxWaitMs: number
}): ReplicaSubmitter {
  const { link, replica, admission, maxWaitMs } = deps
  // Few at a time (one per in-flight send); a scan per mini-block is cheap.
  let waiters: Waiter[] = []

  const unsubscribe = replica.onEvent((event) => {
    if (event.kind !== 'miniBlock' || waiters.length === 0) return
    const applied = event.miniBlock.number
    const still: Waiter[] = []
    for (const waiter of waiters) {
      if (waiter.miniBlock <= applied) {
        clearTimeout(waiter.timer)
        waiter.resolve()
      } else still.push(waiter)
    }
    waiters = still
  })

  function applied(miniBlock: bigint): Promise<void> {
    if (replica.head().miniBlock >= miniBlock) return Promise.resolve()
    return new Promise((resolve) => {
      const waiter: Waiter = {
        miniBlock,
        resolve,
        timer: setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter)
          resolve()
        }, maxWaitMs),
      }
      waiters.push(waiter)
    })
  }

  return {
    async submit(raw) {
      await admission.check(raw)
      const inclusion: TxInclusion = await link.submit(raw)
      await applied(inclusion.miniBlockNumber)
      return inclusion
    },
    close() {
      unsubscribe()
      for (const waiter of waiters) {
        clearTimeout(waiter.timer)
        waiter.resolve()
      }
      waiters = []
      void admission.close()
    },
  }
}
