import type { Recovered, SenderRecovery, StateReader } from '@rtevm/protocol'
import {
  FeeTooLowError,
  GasLimitExceededError,
  InsufficientFundsError,
  IntrinsicGasTooLowError,
  NonceTooLowError,
} from '@rtevm/protocol/errors'
import { bytesToHex, keccak256 } from 'viem'
import { minimumGasLimit } from './intrinsicGas.ts'
import { parseSignedTransaction } from './parseSignedTransaction.ts'

/** The sequencer's limits admission applies, from the genesis it serves. */
export type AdmissionChain = {
  chainId: bigint
  maxTransactionGas: bigint
  blockGasLimit: bigint
}

/** Turns away, at the edge, transactions the sequencer would refuse. */
export type Admission = {
  /**
   * Resolves when `raw` may go to the sequencer, with its hash and recovered
   * sender; rejects with the sequencer's own error otherwise.
   */
  check(raw: Uint8Array): Promise<Recovered>
  close(): Promise<void>
}

/**
 * The sequencer's admission, in its order: decoding and type, chain id,
 * signature (sender recovery), gas limits, intrinsic gas, base fee, then nonce
 * and balance against this edge's replica. The replica may trail the
 * sequencer by a few mini-blocks, so only "nonce too low" is decided here
 * (the replica's nonce never runs ahead); nonce gaps go on, for the sequencer
 * to queue or refuse. A balance the replica has not yet seen credited is
 * refused here and would have passed there: rare, since this edge acknowledges
 * a transaction only once its replica applied it.
 */
export function createAdmission(deps: {
  chain: AdmissionChain
  /** The next block's (it changes with `anvil_setNextBlockBaseFeePerGas`). */
  baseFeePerGas(): bigint
  state: StateReader
  recovery: SenderRecovery
}): Admission {
  const { chain, state, recovery } = deps
  return {
    async check(raw) {
      const tx = parseSignedTransaction(raw, chain.chainId)
      const recovered = await recovery.recover(raw)
      const { from } = recovered
      const sender = bytesToHex(from)
      if (tx.gasLimit > chain.maxTransactionGas) {
        throw new GasLimitExceededError(tx.gasLimit, 'per-transaction maximum', chain.maxTransactionGas)
      }
      if (tx.gasLimit > chain.blockGasLimit) {
        throw new GasLimitExceededError(tx.gasLimit, 'block gas limit', chain.blockGasLimit)
      }
      const intrinsic = minimumGasLimit(tx.gas)
      if (tx.gasLimit < intrinsic) throw new IntrinsicGasTooLowError(intrinsic, tx.gasLimit)
      const baseFee = deps.baseFeePerGas()
      if (tx.maxFeePerGas < baseFee) throw new FeeTooLowError(keccak256(raw), tx.maxFeePerGas, baseFee)
      const account = state.getAccount(from)
      const nonce = account?.nonce ?? 0n
      if (tx.nonce < nonce) throw new NonceTooLowError(sender, nonce, tx.nonce)
      const cost = tx.gasLimit * tx.maxFeePerGas + tx.value
      const balance = account?.balance ?? 0n
      if (cost > balance) throw new InsufficientFundsError(sender, balance, cost)
      return recovered
    },
    close: () => recovery.close(),
  }
}
