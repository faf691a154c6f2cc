import { miniBlocksKind } from './miniBlocksKind.ts'
import { logsKind, resumableKind, type SubscriptionKinds, unfilteredKind } from './SubscriptionKind.ts'
import { stateChangesKind } from './stateChangesKind.ts'

/** The kinds DESIGN.md promises, and rtevm's heartbeats; producers for each are plugged in by the chain layer. */
export const defaultSubscriptionKinds: SubscriptionKinds = {
  newHeads: resumableKind('newHeads'),
  logs: logsKind,
  newPendingTransactions: resumableKind('newPendingTransactions'),
  miniBlocks: miniBlocksKind,
  // MegaETH's earlier name for `miniBlocks`: the same stream and params.
  fragments: miniBlocksKind,
  stateChanges: stateChangesKind,
  // Sent only while the chain is idle, carrying the newest mini-block (see createHeartbeat).
  heartbeats: unfilteredKind('heartbeats'),
}
