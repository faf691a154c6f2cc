import type { Common } from '@ethereumjs/common'
import { createTxFromRLP, type TypedTransaction } from '@ethereumjs/tx'
import { keccak_256 } from '@noble/hashes/sha3.js'
import secp256k1 from 'secp256k1'
import { createSharedTxCommon } from './chainCommon.ts'
import { InvalidSignatureError, InvalidTransactionError, WrongChainIdError } from './errors.ts'

/** A decoded transaction with its sender recovered; `tx` is EthereumJS's object, kept inside node/. */
export type DecodedTransaction = {
  tx: TypedTransaction
  raw: Uint8Array
  hash: Uint8Array
  from: Uint8Array
}

export type TransactionDecoder = {
  /** Parses and validates `raw` and recovers its sender. Throws typed errors. */
  decode(raw: Uint8Array): DecodedTransaction
}

/**
 * Recovering the sender with EthereumJS's pure-JS secp256k1 costs ~2 ms; here
 * it is libsecp256k1 (native, ~60 µs), and every transaction shares one
 * prepared `Common` instead of copying it.
 */
export function createTransactionDecoder(common: Common): TransactionDecoder {
  const shared = createSharedTxCommon(common)
  const chainId = common.chainId()

  return {
    decode(raw) {
      if (raw.length === 0) throw new InvalidTransactionError('empty payload')
      if (raw[0] < 0x7f && raw[0] !== 1 && raw[0] !== 2) {
        throw new InvalidTransactionError(`unsupported transaction type 0x${raw[0].toString(16)}`, {
          details: 'supported: legacy, 0x01 (EIP-2930), 0x02 (EIP-1559)',
        })
      }
      let tx: TypedTransaction
      try {
        tx = createTxFromRLP(raw, { common: shared })
      } catch (cause) {
        const message = cause instanceof Error ? cause.message : String(cause)
        const wrongChain = /chain ID ([0-9]+)? ?not matching the derived chain ID ([0-9]+)/i.exec(message)
        if (wrongChain) throw new WrongChainIdError(chainId, BigInt(wrongChain[2]))
        if (/chain ID/i.test(message)) throw new InvalidTransactionError('chain id does not match', { cause })
        throw new InvalidTransactionError(firstLine(message), { cause })
      }
      if (tx.v === undefined || tx.r === undefined || tx.s === undefined) {
        throw new InvalidSignatureError('the transaction is not signed')
      }
      const from = recoverSender(tx, chainId)
      return { tx, raw, hash: keccak_256(raw), from }
    },
  }
}

function recoverSender(tx: TypedTransaction, chainId: bigint): Uint8Array {
  const v = tx.v!
  let recovery: bigint
  if (tx.type !== 0) recovery = v
  else if (v === 27n || v === 28n) recovery = v - 27n
  else {
    const txChainId = (v - 35n) / 2n
    if (txChainId !== chainId) throw new WrongChainIdError(chainId, txChainId)
    recovery = v - 35n - chainId * 2n
  }
  if (recovery !== 0n && recovery !== 1n) throw new InvalidSignatureError(`bad recovery value v=${v}`)
  const signature = new Uint8Array(64)
  signature.set(to32(tx.r!), 0)
  signature.set(to32(tx.s!), 32)
  let publicKey: Uint8Array
  try {
    publicKey = secp256k1.ecdsaRecover(signature, Number(recovery), tx.getHashedMessageToSign(), false)
  } catch (cause) {
    throw new InvalidSignatureError('the signature does not recover to a public key', { cause })
  }
  const unprefixed = publicKey.subarray(1)
  // EthereumJS reads the sender from this cache instead of recovering it again.
  ;(tx as unknown as { cache: { senderPubKey?: Uint8Array } }).cache.senderPubKey = unprefixed
  return keccak_256(unprefixed).subarray(12)
}

function to32(value: bigint): Uint8Array {
  const out = new Uint8Array(32)
  for (let i = 31; i >= 0 && value > 0n; i--) {
    out[i] = Number(value & 0xffn)
    value >>= 8n
  }
  return out
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ \(tx type=.*$/, '')
}
