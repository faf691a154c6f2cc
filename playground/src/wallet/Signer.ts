import type { Address, Hex } from 'viem'

/** What a page asks a wallet to send. Without `gas`, the wallet estimates it (and surfaces reverts first). */
export type TxRequest = {
  to?: Address
  data?: Hex
  value?: bigint
  gas?: bigint
}

/** A receipt as the edge answers it (hex quantities). */
export type RpcReceipt = {
  transactionHash: Hex
  status: Hex
  blockNumber: Hex
  gasUsed: Hex
  contractAddress: Address | null
  logs: readonly { address: Address; topics: Hex[]; data: Hex }[]
}

/** A sent transaction with its receipt and `performance.now()` at send and at receipt. */
export type SentTx = { hash: Hex; receipt: RpcReceipt; sentAt: number; receivedAt: number }

/** Whatever signs for the page: the built-in dev wallet or an injected one (MetaMask & co). */
export type Signer = {
  readonly kind: 'dev' | 'injected'
  readonly address: Address
  send(tx: TxRequest, hooks?: SendHooks): Promise<SentTx>
}

/** `onSigned` runs with the transaction hash as it leaves, before the receipt (feeds may show it first). */
export type SendHooks = { onSigned?(hash: Hex, sentAt: number): void }

/** A transaction signed ahead of time (`DevWallet.presign`): its raw bytes, hash and nonce. */
export type SignedTx = { raw: Hex; hash: Hex; nonce: number }
