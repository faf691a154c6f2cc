import type { RealtimeSocket } from '@rtevm/client'
import type { Address, Hex } from 'viem'
import type { Config } from 'wagmi'
import { getWalletClient } from 'wagmi/actions'
import { PlaygroundError } from '../errors.ts'
import type { RpcReceipt, SendHooks, SentTx, Signer, TxRequest } from './Signer.ts'

const RECEIPT_TIMEOUT_MS = 60_000
const RECEIPT_POLL_MS = 5

/**
 * A signer over an injected wallet (MetaMask & co) through wagmi. The wallet signs and
 * broadcasts with `eth_sendTransaction` on its own RPC, so there is no sync send: the
 * receipt is read from the edge socket until it appears (a few ms on a devnet, after the
 * wallet's confirmation dialog).
 */
export function createInjectedSigner({
  wagmiConfig,
  socket,
  address,
}: {
  wagmiConfig: Config
  socket: RealtimeSocket
  address: Address
}): Signer {
  async function send(tx: TxRequest, hooks?: SendHooks): Promise<SentTx> {
    const client = await getWalletClient(wagmiConfig)
    const sentAt = performance.now()
    const hash = await client.sendTransaction({
      account: address,
      chain: client.chain,
      to: tx.to,
      data: tx.data,
      value: tx.value,
      gas: tx.gas,
    })
    hooks?.onSigned?.(hash, sentAt)
    const receipt = await waitForReceipt(hash)
    return { hash, receipt, sentAt, receivedAt: performance.now() }
  }

  async function waitForReceipt(hash: Hex): Promise<RpcReceipt> {
    const deadline = performance.now() + RECEIPT_TIMEOUT_MS
    while (performance.now() < deadline) {
      const receipt = await socket.request<RpcReceipt | null>('eth_getTransactionReceipt', [hash])
      if (receipt) return receipt
      await new Promise((resolve) => setTimeout(resolve, RECEIPT_POLL_MS))
    }
    throw new PlaygroundError(
      'PLAYGROUND_TIMEOUT',
      `no receipt for ${hash} within ${RECEIPT_TIMEOUT_MS / 1000} s`,
    )
  }

  return { kind: 'injected', address, send }
}
