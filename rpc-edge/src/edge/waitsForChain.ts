/**
 * Whether `method` waits for the edge's replica to apply more of the stream: every send
 * (the submitter waits for the transaction's mini-block), eth_callAfter, and the dev
 * methods (they wait for the sequencer's answer to reach the replica). A batch holding the
 * replica's snapshot with one of them would wait on itself, so such a batch is not held.
 */
export function waitsForChain(method: string): boolean {
  return WAITING_PREFIXES.some((prefix) => method.startsWith(prefix))
}

const WAITING_PREFIXES = ['eth_send', 'realtime_send', 'eth_callAfter', 'anvil_', 'hardhat_', 'evm_']

/**
 * Whether `method`'s answer does not depend on the chain's state: it needs no snapshot, and
 * answers at once, also while the replica is still catching up after a start.
 */
export function readsNoChain(method: string): boolean {
  return CHAIN_FREE.has(method)
}

const CHAIN_FREE = new Set(['eth_chainId', 'net_version', 'net_listening', 'web3_clientVersion', 'web3_sha3'])
