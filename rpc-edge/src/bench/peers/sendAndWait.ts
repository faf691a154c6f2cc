import type { Hex } from 'viem'
import { log } from '../benchChain.ts'
import { RpcCallError, type RpcClient } from '../rpcClients.ts'
import type { Peer } from './Peer.ts'

export type Receipt = { status: Hex; transactionHash: Hex }

// -32601 is JSON-RPC's "method not found"; Hardhat answers an unknown method with -32004 "not supported".
const METHOD_MISSING = new Set([-32601, -32004])

export async function nonceOf(
  client: RpcClient,
  address: Hex,
  tag: 'pending' | 'latest' = 'pending',
): Promise<bigint> {
  return BigInt(await client.call<Hex>('eth_getTransactionCount', [address, tag]))
}

/** Sends one raw transaction and resolves with its receipt, through the peer's fastest route. */
export async function sendAndWait(peer: Peer, client: RpcClient, raw: Hex): Promise<Receipt> {
  if (peer.route !== 'poll') {
    try {
      const receipt = await client.call<Receipt>('eth_sendRawTransactionSync', [raw])
      peer.route = 'sync'
      return receipt
    } catch (error) {
      // Only a peer without the method falls back; any other error is the transaction's.
      if (peer.route === 'sync' || !(error instanceof RpcCallError) || !METHOD_MISSING.has(error.code))
        throw error
      log(`${peer.name}: eth_sendRawTransactionSync unavailable (${error.message}); polling receipts`)
      peer.route = 'poll'
    }
  }
  const hash = await client.call<Hex>('eth_sendRawTransaction', [raw])
  for (;;) {
    const receipt = await client.call<Receipt | null>('eth_getTransactionReceipt', [hash])
    if (receipt) return receipt
  }
}
