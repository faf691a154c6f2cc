import type { BlockSource, Prover } from '@rtevm/protocol'
import { dataHex, quantityHex } from '../format/index.ts'
import {
  address,
  blockTag,
  expected,
  type MethodTable,
  method,
  optional,
  type Param,
} from '../jsonrpc/index.ts'
import { stateBlockOf } from './resolveBlockNumber.ts'
import { storageSlot } from './storageSlot.ts'

export type ProofMethodsOptions = {
  blocks: BlockSource
  prover: Prover
  /** Most storage keys one eth_getProof may ask for. Default 1 024. */
  maxSlots?: number
}

function slotList(max: number): Param<Uint8Array[]> {
  const one = storageSlot('storage key')
  return {
    name: 'storage keys',
    optional: false,
    parse(value) {
      if (!Array.isArray(value) || value.length > max)
        return expected(`an array of at most ${max} storage keys`, value)
      return value.map((item) => one.parse(item))
    },
  }
}

/**
 * eth_getProof (EIP-1186). Mini-blocks carry no state root, so `latest` and
 * `pending` prove the newest sealed block; an older block's number or hash,
 * `safe`, `finalized` or `earliest` prove that block, whose trie the replica
 * rebuilds from its state history (once per block, then kept until another
 * is asked for); beyond the history window: -32001.
 */
export function createProofMethods(options: ProofMethodsOptions): MethodTable {
  const { blocks, prover } = options
  return {
    eth_getProof: method(
      [address(), slotList(options.maxSlots ?? 1024), optional(blockTag())],
      ([who, slots, tag]) => {
        // latest / pending (and numbers past the newest sealed block) prove the newest sealed block:
        // mini-blocks carry no state root.
        const { proof } = prover.prove(who, slots, stateBlockOf(tag, blocks))
        return {
          address: dataHex(who),
          balance: quantityHex(proof.balance),
          nonce: quantityHex(proof.nonce),
          codeHash: dataHex(proof.codeHash),
          storageHash: dataHex(proof.storageRoot),
          accountProof: proof.accountProof.map(dataHex),
          storageProof: proof.storageProofs.map((p) => ({
            key: dataHex(p.slot),
            value: quantityHex(p.value),
            proof: p.proof.map(dataHex),
          })),
        }
      },
    ),
  }
}
