import { type BlockSource, ErrorCode, type Prover, RtevmError } from '@rtevm/protocol'
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
import { resolveBlockNumber } from './resolveBlockNumber.ts'
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
 * eth_getProof (EIP-1186). Mini-blocks carry no state root, so proofs are
 * against the newest sealed block: `latest`, `pending` and `safe` name it, as
 * does its number or hash; older blocks are refused (no historical state).
 */
export function createProofMethods(options: ProofMethodsOptions): MethodTable {
  const { blocks, prover } = options
  return {
    eth_getProof: method(
      [address(), slotList(options.maxSlots ?? 1024), optional(blockTag())],
      ([who, slots, tag]) => {
        const head = blocks.head()
        const wanted =
          tag === undefined
            ? head.block
            : tag.kind === 'hash'
              ? blocks.getBlockByHash(tag.hash)?.header.number
              : tag.kind === 'named' && tag.tag === 'safe'
                ? head.block
                : resolveBlockNumber(tag, head)
        const { blockNumber, proof } = prover.prove(who, slots)
        if (
          wanted !== blockNumber &&
          !(tag?.kind === 'number' && wanted !== undefined && wanted > blockNumber)
        ) {
          throw new RtevmError(ErrorCode.NotFound, 'historical state is not available', {
            details: `proofs are served for the newest sealed block (${blockNumber}) only`,
          })
        }
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
