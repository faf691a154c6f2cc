import { type BlockSource, ErrorCode, RtevmError } from '@rtevm/protocol'
import { dataHex } from '../format/index.ts'
import { blockTag, type MethodTable, method } from '../jsonrpc/index.ts'
import { resolveBlockNumber } from './resolveBlockNumber.ts'

/** Where witnesses come from: the sequencer keeps those of its newest blocks. */
export type WitnessSource = { witness(blockNumber: bigint): Promise<Uint8Array> }

/**
 * `rtevm_getBlockWitness(block)`: the block's witness in its binary format
 * (protocol/src/codec/FORMATS.md, "Witness"), as hex — EIP-1186-style proofs
 * of every key the block touched against its parent's state root, plus the
 * code it loaded. A block outside the sequencer's window is -32000 not found.
 */
export function createWitnessMethods(deps: { witnesses: WitnessSource; blocks: BlockSource }): MethodTable {
  return {
    rtevm_getBlockWitness: method([blockTag()], async ([tag]) => {
      const number =
        tag.kind === 'hash'
          ? deps.blocks.getBlockByHash(tag.hash)?.header.number
          : resolveBlockNumber(tag, deps.blocks.head())
      if (number === undefined) throw new RtevmError(ErrorCode.NotFound, 'no block with that hash')
      return dataHex(await deps.witnesses.witness(number))
    }),
  }
}
