import type { Address, Client } from 'viem'
import { parseStateChange, type StateChange } from '../stateChanges/parseStateChange.ts'
import { socketOf } from './socketOf.ts'

export type WatchStateChangesParameters = {
  /** The accounts to watch (at most 1 000 on rtevm). */
  addresses: readonly Address[]
  fromMiniBlock?: bigint
  /** One call per changed watched account per mini-block; `miniBlock` is undefined on MegaETH. */
  onStateChange: (change: StateChange, miniBlock: bigint | undefined) => void
  onError?: (error: Error) => void
}

/**
 * Changes of the watched accounts' nonce, balance and storage, per mini-block
 * (`eth_subscribe("stateChanges", addresses)`), resuming after a dropped connection.
 */
export function watchStateChanges(client: Client, parameters: WatchStateChangesParameters): () => void {
  const { addresses, fromMiniBlock, onStateChange, onError } = parameters
  return socketOf(client, 'watchStateChanges').subscribe(
    ['stateChanges', addresses],
    (result, notification) => {
      let change: StateChange
      try {
        change = parseStateChange(result)
      } catch (error) {
        onError?.(error as Error)
        return
      }
      onStateChange(change, notification.miniBlock)
    },
    { fromMiniBlock, onError },
  )
}
