import { InvalidSignatureError, InvalidTransactionError, WrongChainIdError } from '@rtevm/node'
import { hexToBytes, type parseTransaction } from 'viem'
import { parseRawTransaction } from '../format/parseRawTransaction.ts'
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

/** The sequencer's executor takes these; anything else is refused before any work (as it does). */
const SUPPORTED = 'supported: legacy, 0x01 (EIP-2930), 0x02 (EIP-1559)'

/**
 * Parses `raw` in the sequencer's order: type, fields, chain id, presence of
 * a signature. The signature's validity is the recovery's to judge.
 */
export function parseSignedTransaction(raw: Uint8Array, chainId: bigint): SignedTransaction {
  if (raw.length === 0) throw new InvalidTransactionError('empty payload')
  if (raw[0] < 0xc0 && raw[0] !== 1 && raw[0] !== 2) {
    throw new InvalidTransactionError(`unsupported transaction type 0x${raw[0].toString(16)}`, {
      details: SUPPORTED,
    })
  }
  let tx: ReturnType<typeof parseTransaction>
  try {
    tx = parseRawTransaction(raw)
  } catch (cause) {
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
    },
  }
}

// EIP-2: s above n/2 is a malleated signature.
const HALF_CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n / 2n
