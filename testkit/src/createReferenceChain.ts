import { createBlock } from '@ethereumjs/block'
import { Caches, MerkleStateManager } from '@ethereumjs/statemanager'
import { createTxFromRLP } from '@ethereumjs/tx'
import { Account, calculateSigRecovery, createAddressFromString, setLengthLeft } from '@ethereumjs/util'
import { createVM, encodeReceipt, type RunTxResult, runTx, type TxReceipt, type VM } from '@ethereumjs/vm'
import { createChainCommon } from '@rtevm/node'
import type { BlockHeader } from '@rtevm/protocol'
import secp256k1 from 'secp256k1'

/** What stock EthereumJS makes of one block's transactions. */
export type ReferenceBlock = {
  stateRoot: Uint8Array
  results: RunTxResult[]
  receipts: TxReceipt[]
  /** Consensus encodings of `receipts`, as the receipts root commits to them. */
  encodedReceipts: Uint8Array[]
}

/**
 * Stock EthereumJS (its own VM, Merkle state manager and sender recovery,
 * nothing of rtevm's executor) replaying sealed blocks from the same genesis:
 * the oracle for "behaves as Ethereum specifies".
 */
export type ReferenceChain = {
  /** Runs `raws` in a block with `header`'s context; throws if EthereumJS refuses one. */
  runBlock(header: BlockHeader, raws: readonly Uint8Array[]): Promise<ReferenceBlock>
}

export async function createReferenceChain(options: {
  chainId: bigint
  genesis: readonly { address: string; balance: bigint }[]
}): Promise<ReferenceChain> {
  const common = createChainCommon(options.chainId)
  // EthereumJS's pure-JS recovery costs ~2 ms a transaction; the native one gives the same key.
  // EthereumJS itself still applies EIP-2 (low s) and the v checks before calling it.
  common.customCrypto.ecrecover = recoverPublicKey
  // Stock Merkle state manager, with EthereumJS's own caches (the state root flushes them).
  const stateManager = new MerkleStateManager({ common, caches: new Caches() })
  const vm: VM = await createVM({ common, stateManager })
  for (const { address, balance } of options.genesis) {
    await vm.stateManager.putAccount(createAddressFromString(address), new Account(0n, balance))
  }

  return {
    async runBlock(header, raws) {
      const block = createBlock(
        {
          header: {
            number: header.number,
            timestamp: header.timestamp,
            baseFeePerGas: header.baseFeePerGas,
            gasLimit: header.gasLimit,
            coinbase: header.coinbase,
            mixHash: header.mixHash,
          },
        },
        { common, skipConsensusFormatValidation: true },
      )
      const results: RunTxResult[] = []
      let gasUsed = 0n
      for (const raw of raws) {
        const tx = createTxFromRLP(raw, { common })
        const result = await runTx(vm, { tx, block, blockGasUsed: gasUsed })
        gasUsed += result.totalGasSpent
        results.push(result)
      }
      const receipts = results.map((r) => r.receipt)
      const encodedReceipts = receipts.map((receipt, i) =>
        encodeReceipt(receipt, raws[i][0] >= 0xc0 ? 0 : (raws[i][0] as 1 | 2)),
      )
      return { stateRoot: await vm.stateManager.getStateRoot(), results, receipts, encodedReceipts }
    },
  }
}

function recoverPublicKey(
  hash: Uint8Array,
  v: bigint,
  r: Uint8Array,
  s: Uint8Array,
  chainId?: bigint,
): Uint8Array {
  const recovery = calculateSigRecovery(v, chainId)
  if (recovery !== 0n && recovery !== 1n) throw new RangeError(`invalid signature v value ${v}`)
  const signature = new Uint8Array(64)
  signature.set(setLengthLeft(r, 32), 0)
  signature.set(setLengthLeft(s, 32), 32)
  return secp256k1.ecdsaRecover(signature, Number(recovery), hash, false).subarray(1)
}
