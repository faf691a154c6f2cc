import { address, type MethodTable, method } from '../jsonrpc/index.ts'

/**
 * geth's and anvil's `txpool_*` namespace, answering their empty shapes (as
 * anvil does with nothing pending). The sequencer executes each executable
 * transaction the moment it arrives, so none is ever pending for longer than
 * its mini-block takes. Known gap: a transaction held behind a nonce gap
 * waits in the sequencer's mempool (at most `--max-nonce-gap` ahead), which
 * the edge's replica never sees, so it is not listed as queued here.
 */
export function createTxpoolMethods(): MethodTable {
  const empty = () => ({ pending: {}, queued: {} })
  return {
    txpool_status: method([], () => ({ pending: '0x0', queued: '0x0' })),
    txpool_content: method([], empty),
    txpool_contentFrom: method([address()], empty),
    txpool_inspect: method([], empty),
  }
}
