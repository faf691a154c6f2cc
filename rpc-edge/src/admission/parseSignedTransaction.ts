import {
  DecodeError,
  InvalidSignatureError,
  InvalidTransactionError,
  WrongChainIdError,
} from '@rtevm/protocol/errors'
import { checkTransactionType, type ParsedTransaction, parseTransaction } from '@rtevm/protocol/transaction'
import { hexToBytes } from 'viem'
import type { GasShape } from './intrinsicGas.ts'

/** The fields admission checks, from a signed EIP-2718 transaction. */
export type SignedTransaction = {
  nonce: bigint
  gasLimit: bigint
  /** `gasPrice` for legacy and EIP-2930 transactions. */
  maxFeePerGas: bigint
  value: bigint
  gas: GasShape
}

/**
 * Parses `raw` in the sequencer's order: type, fields, chain id, presence of
 * a signature. The signature's validity is the recovery's to judge.
 */
export function parseSignedTransaction(raw: Uint8Array, chainId: bigint): SignedTransaction {
  checkTransactionType(raw)
  let tx: ParsedTransaction
  try {
    tx = parseTransaction(raw)
  } catch (error) {
    // viem's refusal, which the DecodeError carries, says why.
    const cause = error instanceof DecodeError ? error.cause : error
    const reason = (cause as { shortMessage?: string }).shortMessage ?? 'undecodable transaction'
    throw new InvalidTransactionError(reason, { cause })
  }
  if (tx.chainId !== undefined && BigInt(tx.chainId) !== chainId) {
    throw new WrongChainIdError(chainId, BigInt(tx.chainId))
  }
  // EthereumJS reads an empty (zero) r or s as no signature at all.
  if (!tx.r || !tx.s || BigInt(tx.r) === 0n || BigInt(tx.s) === 0n) {
    throw new InvalidSignatureError('the transaction is not signed')
  }
  if (BigInt(tx.s) > HALF_CURVE_ORDER) {
    throw new InvalidTransactionError(
      'Invalid Signature: s-values greater than secp256k1n/2 are considered invalid',
    )
  }
  const accessList = 'accessList' in tx ? (tx.accessList ?? []) : []
  const data = tx.data ? hexToBytes(tx.data) : new Uint8Array()
  return {
    nonce: BigInt(tx.nonce ?? 0),
    gasLimit: tx.gas ?? 0n,
    maxFeePerGas: ('maxFeePerGas' in tx ? tx.maxFeePerGas : tx.gasPrice) ?? 0n,
    value: tx.value ?? 0n,
    gas: {
      data,
      isCreate: !tx.to,
      accessListAddresses: accessList.length,
      accessListKeys: accessList.reduce((sum, entry) => sum + entry.storageKeys.length, 0),
      authorizations: 'authorizationList' in tx ? (tx.authorizationList?.length ?? 0) : 0,
    },
  }
}

// EIP-2: s above n/2 is a malleated signature.
const HALF_CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n / 2n
