import { quantityHex } from '../format/index.ts'

/**
 * An `eth_subscription` notification. `miniBlock` sits beside `result`, not in it, so results keep
 * exactly their documented shapes (MegaETH's, eth_getLogs') while every one says where it stands.
 * Only the id differs between the subscribers of a channel: the result is encoded once and spliced in.
 */
export function notificationFrame(id: string, miniBlock: bigint, resultJson: string): string {
  return `{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"${id}","miniBlock":"${quantityHex(miniBlock)}","result":${resultJson}}}`
}

/**
 * Several notifications of one subscription in one frame: `result` is the array of their results,
 * oldest first, each exactly as it would have been sent alone (a `miniBlocks` result names its own
 * mini-block); `miniBlock` is the newest one's; `coalesced: true` tells this shape from the plain one.
 * `resultsJson` is the results' JSON joined by commas.
 */
export function coalescedFrame(id: string, newest: bigint, resultsJson: string): string {
  return `{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"${id}","miniBlock":"${quantityHex(newest)}","coalesced":true,"result":[${resultsJson}]}}`
}
