import type { Common } from '@ethereumjs/common'
import { createTxFromRLP, type TypedTransaction } from '@ethereumjs/tx'
import { Address } from '@ethereumjs/util'
import { keccak_256 } from '@noble/hashes/sha3.js'
import type { Recovered, SenderRecovery } from '@rtevm/protocol'
import { InvalidSignatureError, InvalidTransactionError, WrongChainIdError } from '@rtevm/protocol/errors'
import { checkTransactionType } from '@rtevm/protocol/transaction'
import { createSharedTxCommon } from './chainCommon.ts'
import { ethereumJsReason } from './errors.ts'

/** A decoded transaction with its sender recovered; `tx` is EthereumJS's object, kept inside node/. */
export type DecodedTransaction = {
  tx: TypedTransaction
  raw: Uint8Array
  hash: Uint8Array
  from: Uint8Array
}

export type TransactionDecoder = {
  /** Parses and validates `raw` and recovers its sender. Rejects with typed errors. */
  decode(raw: Uint8Array): Promise<DecodedTransaction>
  /** Parses `raw` for an impersonated sender (devnet): its signature is neither checked nor recovered. */
  decodeAs(raw: Uint8Array, from: Uint8Array): DecodedTransaction
  /** Parses `raw` whose sender a trusted caller in this process already recovered (the in-process edge). */
  decodeRecovered(raw: Uint8Array, recovered: Recovered): DecodedTransaction
}

/**
 * Parsing and field validation run here (EthereumJS, ~15 µs with a shared
 * `Common`); signature recovery runs wherever `recovery` puts it — worker
 * threads in the sequencer — instead of EthereumJS's pure-JS ~2 ms path.
 */
export function createTransactionDecoder(common: Common, recovery: SenderRecovery): TransactionDecoder {
  const shared = createSharedTxCommon(common)
  const chainId = common.chainId()

  function parse(raw: Uint8Array): TypedTransaction {
    checkTransactionType(raw)
    let tx: TypedTransaction
    try {
      // Not frozen, so the recovered sender can be attached below.
      tx = createTxFromRLP(raw, { common: shared, freeze: false })
    } catch (cause) {
      const wrongChain = chainIdOf(cause)
      if (wrongChain !== undefined) throw new WrongChainIdError(chainId, wrongChain)
      throw new InvalidTransactionError(ethereumJsReason(cause), { cause })
    }
    if (tx.v === undefined || tx.r === undefined || tx.s === undefined) {
      throw new InvalidSignatureError('the transaction is not signed')
    }
    return tx
  }

  return {
    async decode(raw) {
      const tx = parse(raw)
      return withSender(tx, raw, await recovery.recover(raw))
    },
    decodeRecovered(raw, recovered) {
      return withSender(parse(raw), raw, recovered)
    },
    decodeAs(raw, from) {
      const tx = parse(raw)
      const sender = new Address(from)
      tx.getSenderAddress = () => sender
      return { tx, raw, hash: keccak_256(raw), from }
    },
  }
}

/**
 * EthereumJS would otherwise recover the key (~2 ms) and hash it into an
 * address (runTx asks several times); hand it both, computed once.
 */
function withSender(tx: TypedTransaction, raw: Uint8Array, recovered: Recovered): DecodedTransaction {
  const { hash, publicKey, from } = recovered
  ;(tx as unknown as { cache: { senderPubKey?: Uint8Array } }).cache.senderPubKey = publicKey
  const sender = new Address(from)
  tx.getSenderAddress = () => sender
  return { tx, raw, hash, from }
}

/** The chain id a transaction was signed for, read from EthereumJS's refusal, when that is why it refused. */
function chainIdOf(error: unknown): bigint | undefined {
  const message = error instanceof Error ? error.message : String(error)
  // Typed transactions carry their chain id; legacy ones encode it in v (EIP-155: v = id·2 + 35/36).
  const typed = /derived chain ID ([0-9]+)/i.exec(message)
  if (typed) return BigInt(typed[1])
  const legacy = /EIP155-based V ([0-9]+)/i.exec(message)
  if (legacy) return (BigInt(legacy[1]) - 35n) / 2n
  return undefined
}
