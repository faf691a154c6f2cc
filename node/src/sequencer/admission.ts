import type { SequencerStamps, TxInclusion } from '@rtevm/protocol'
import type { DecodedTransaction } from '../executor/index.ts'
import type { PoolTransaction } from '../mempool/index.ts'

/** A transaction admitted to the mempool, with the promise its submitter awaits. */
export type Admitted = {
  decoded: DecodedTransaction
  /** Filled in stage by stage; handed back with the inclusion. */
  stamps: SequencerStamps
  resolve(inclusion: TxInclusion): void
  reject(error: unknown): void
}

/** What the mempool needs to know, derived once at admission. */
export function toPoolTransaction(admitted: Admitted, senderHex: string, hashHex: string): PoolTransaction {
  const tx = admitted.decoded.tx
  const maxFeePerGas = 'maxFeePerGas' in tx ? tx.maxFeePerGas : tx.gasPrice
  const maxPriorityFeePerGas = 'maxPriorityFeePerGas' in tx ? tx.maxPriorityFeePerGas : tx.gasPrice
  return {
    hash: hashHex,
    sender: senderHex,
    nonce: tx.nonce,
    gasLimit: tx.gasLimit,
    maxFeePerGas,
    maxPriorityFeePerGas,
    cost: tx.gasLimit * maxFeePerGas + tx.value,
    size: admitted.decoded.raw.length,
    payload: admitted,
  }
}
