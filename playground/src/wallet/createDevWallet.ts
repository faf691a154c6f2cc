import { RealtimeRpcError, type RealtimeSocket } from '@rtevm/client'
import { type Address, type Hex, hexToBigInt, keccak256, type LocalAccount, numberToHex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { PlaygroundError } from '../errors.ts'
import type { RpcReceipt, SendHooks, SentTx, SignedTx, TxRequest } from './Signer.ts'

/** The devnet's dev accounts, as anvil and Hardhat (DESIGN.md: the first 20, 10 000 ETH each). */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk'
export const DEV_ACCOUNT_COUNT = 20

export type DevWallet = {
  readonly kind: 'dev'
  readonly address: Address
  readonly index: number
  /** Signs locally and sends with `eth_sendRawTransactionSync`: one round trip to a receipt. */
  send(tx: TxRequest, hooks?: SendHooks): Promise<SentTx>
  /**
   * Signs `txs` now with consecutive nonces (each needs `gas`), yielding to the page every few
   * milliseconds, so a timed run can later send them without signing on the hot path.
   */
  presign(txs: readonly TxRequest[], onProgress?: (signed: number) => void): Promise<SignedTx[]>
  /** Sends one transaction from `presign` (same recovery as `send`). */
  sendSigned(signed: SignedTx, hooks?: SendHooks): Promise<SentTx>
  /** Re-reads the nonce and fees (after an admission error, or another tab used the account). */
  resync(): Promise<void>
  close(): void
}

export type CreateDevWalletParameters = {
  socket: RealtimeSocket
  chainId: number
  index: number
  mnemonic?: string
  /** How often fees are refreshed in the background. */
  feeRefreshMs?: number
}

/** Derivation is ~50 ms of hashing in a browser: keep each account once per page. */
const accountCache = new Map<string, LocalAccount>()
export function devAccount(index: number, mnemonic = DEV_MNEMONIC): LocalAccount {
  if (!Number.isInteger(index) || index < 0 || index >= DEV_ACCOUNT_COUNT)
    throw new PlaygroundError(
      'PLAYGROUND_BAD_INPUT',
      `dev account index ${index} is not in 0..${DEV_ACCOUNT_COUNT - 1}`,
    )
  const key = `${mnemonic}/${index}`
  let account = accountCache.get(key)
  if (!account) {
    account = mnemonicToAccount(mnemonic, { addressIndex: index })
    accountCache.set(key, account)
  }
  return account
}

/**
 * A wallet over one dev account that never leaves the page: nonces are counted
 * locally (so many sends can be in flight at once), fees are read in the
 * background, and a send is a single `eth_sendRawTransactionSync` frame on the
 * edge socket that answers with the receipt.
 */
export async function createDevWallet({
  socket,
  chainId,
  index,
  mnemonic,
  feeRefreshMs = 2_000,
}: CreateDevWalletParameters): Promise<DevWallet> {
  const account = devAccount(index, mnemonic)
  let nonce = 0
  let maxFeePerGas = 0n
  let maxPriorityFeePerGas = 0n

  async function readFees(): Promise<void> {
    const [gasPrice, tip] = await Promise.all([
      socket.request<Hex>('eth_gasPrice'),
      socket.request<Hex>('eth_maxPriorityFeePerGas'),
    ])
    // Twice the current price: room for the base fee to rise between refreshes.
    maxFeePerGas = hexToBigInt(gasPrice) * 2n
    maxPriorityFeePerGas = hexToBigInt(tip)
  }
  async function resync(): Promise<void> {
    const [count] = await Promise.all([
      socket.request<Hex>('eth_getTransactionCount', [account.address, 'pending']),
      readFees(),
    ])
    nonce = Number(hexToBigInt(count))
  }
  await resync()
  const timer = setInterval(() => void readFees().catch(() => {}), feeRefreshMs)

  function sign(tx: TxRequest, gas: bigint, myNonce: number): Promise<Hex> {
    return account.signTransaction({
      chainId,
      type: 'eip1559',
      nonce: myNonce,
      to: tx.to ?? null,
      data: tx.data,
      value: tx.value ?? 0n,
      gas,
      maxFeePerGas,
      maxPriorityFeePerGas,
    })
  }

  async function send(tx: TxRequest, hooks?: SendHooks): Promise<SentTx> {
    const gas = tx.gas ?? (await estimate(tx))
    const myNonce = nonce++
    const raw = await sign(tx, gas, myNonce)
    return sendSigned({ raw, hash: keccak256(raw), nonce: myNonce }, hooks)
  }

  async function sendSigned(signed: SignedTx, hooks?: SendHooks): Promise<SentTx> {
    // Handed to the transport now: the socket writes the frame synchronously.
    const sentAt = performance.now()
    hooks?.onSigned?.(signed.hash, sentAt)
    try {
      const receipt = await socket.request<RpcReceipt>('eth_sendRawTransactionSync', [signed.raw])
      return { hash: receipt.transactionHash, receipt, sentAt, receivedAt: performance.now() }
    } catch (error) {
      if (error instanceof RealtimeRpcError && error.rpcCode !== 4) recover(signed.nonce, error)
      throw error
    }
  }

  async function presign(
    txs: readonly TxRequest[],
    onProgress?: (signed: number) => void,
  ): Promise<SignedTx[]> {
    const out: SignedTx[] = []
    let slice = performance.now()
    for (const tx of txs) {
      if (tx.gas === undefined) throw new PlaygroundError('PLAYGROUND_BAD_INPUT', 'presign needs gas')
      const myNonce = nonce++
      const raw = await sign(tx, tx.gas, myNonce)
      out.push({ raw, hash: keccak256(raw), nonce: myNonce })
      // Keep the page responsive while signing thousands: yield every ~8 ms.
      if (performance.now() - slice > 8) {
        onProgress?.(out.length)
        await new Promise((resolve) => setTimeout(resolve, 0))
        slice = performance.now()
      }
    }
    onProgress?.(out.length)
    return out
  }

  /**
   * A send rejected before inclusion leaves its nonce unused, and the sends already signed
   * after it would wait behind the gap. If the nonce itself was the problem (another tab used
   * the account), re-read it; otherwise fill the gap with a zero-value transfer to self.
   */
  function recover(gap: number, error: RealtimeRpcError): void {
    if (/nonce/i.test(error.message)) {
      void resync().catch(() => {})
      return
    }
    // Nothing was signed after it: the next send takes the nonce.
    if (gap === nonce - 1) {
      nonce = gap
      return
    }
    void account
      .signTransaction({
        chainId,
        type: 'eip1559',
        nonce: gap,
        to: account.address,
        value: 0n,
        gas: 21_000n,
        maxFeePerGas,
        maxPriorityFeePerGas,
      })
      .then((raw) => socket.request('eth_sendRawTransaction', [raw]))
      .catch(() => resync())
      .catch(() => {})
  }

  async function estimate(tx: TxRequest): Promise<bigint> {
    const gas = await socket.request<Hex>('eth_estimateGas', [
      { from: account.address, to: tx.to, data: tx.data, value: numberToHex(tx.value ?? 0n) },
    ])
    // A margin for state that changes between the estimate and the inclusion (a fill, a collision).
    return (hexToBigInt(gas) * 13n) / 10n + 10_000n
  }

  return {
    kind: 'dev',
    address: account.address,
    index,
    send,
    presign,
    sendSigned,
    resync,
    close: () => clearInterval(timer),
  }
}
