import { type BlockSource, ErrorCode, RtevmError, type StateReader } from '@rtevm/protocol'
import { parseTransaction } from '@rtevm/protocol/transaction'
import { bytesToHex } from 'viem'
import { sameBytes } from './searchAddressHistory.ts'

/**
 * The hash of `sender`'s transaction with `nonce`, for Otterscan's
 * previous/next-by-nonce links. A nonce the account has not used yet is
 * answered at once; otherwise the kept mini-blocks (the open block's too)
 * are scanned newest first, decoding only the sender's transactions. With
 * no address index, a nonce older than the replica keeps is NOT_FOUND.
 */
export function findBySenderAndNonce(
  blocks: BlockSource,
  state: StateReader,
  sender: Uint8Array,
  nonce: bigint,
): Uint8Array | null {
  if (nonce >= (state.getAccount(sender)?.nonce ?? 0n)) return null
  let n = blocks.head().miniBlock
  for (; n >= 1n; n--) {
    const miniBlock = blocks.getMiniBlock(n)
    if (!miniBlock) break
    for (let i = miniBlock.transactions.length - 1; i >= 0; i--) {
      const tx = miniBlock.transactions[i]
      if (!sameBytes(tx.from, sender)) continue
      const found = BigInt(parseTransaction(tx.raw).nonce ?? 0)
      if (found === nonce) return tx.hash
      // Nonces only go down from here: this one was used by a create, not by a transaction.
      if (found < nonce) return null
    }
  }
  // Every mini-block looked at: the nonce was spent in genesis or by creates.
  if (n === 0n) return null
  throw new RtevmError(
    ErrorCode.NotFound,
    `the transaction of ${bytesToHex(sender)} with nonce ${nonce} is older than this node keeps`,
  )
}
