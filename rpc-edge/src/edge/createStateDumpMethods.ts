import type { BlockSource, DevCommand } from '@rtevm/protocol'
import { bytesToHex, hexToBytes } from 'viem'
import { data, type MethodTable, method } from '../jsonrpc/index.ts'
import { readStateDump, writeStateDump } from './stateDump.ts'

const NO_CODE = new Uint8Array(0)

/** The RAM state as a dump reads it: keys are unprefixed lowercase hex, code is found by its hash. */
export type DumpableState = {
  accounts(): Iterable<[string, { nonce: bigint; balance: bigint; codeHash: Uint8Array }]>
  accountCount(): number
  storageOf(address: string): ReadonlyMap<string, Uint8Array>
  getCode(codeHash: Uint8Array): Uint8Array | undefined
}

/**
 * `anvil_dumpState` / `anvil_loadState` (and Hardhat's names are not defined
 * for these): a dump is the replica's newest state (after its newest
 * mini-block) in rtevm's versioned format (stateDump.ts), hex-encoded as
 * anvil returns its own; a load takes that format or anvil's dump and sends
 * it to the sequencer in batches, each a `loadAccounts` dev command that
 * every follower sees as a state-edit mini-block. Loading merges: accounts
 * in the dump take its nonce, balance, code and slots; others stay.
 */
export function createStateDumpMethods(deps: {
  /** The replica's live state (read in one synchronous pass, so the dump is one mini-block's state). */
  state: DumpableState
  blocks: Pick<BlockSource, 'head' | 'getBlockByNumber'>
  chainId: bigint
  run(command: DevCommand): Promise<bigint>
}): MethodTable {
  const { state, blocks } = deps
  return {
    anvil_dumpState: method([], () => {
      const block = blocks.head().block
      const header = {
        chainId: deps.chainId,
        block,
        blockHash: blocks.getBlockByNumber(block)?.hash ?? NO_CODE,
      }
      const dump = writeStateDump(header, {
        count: () => state.accountCount(),
        *accounts() {
          for (const [address, record] of state.accounts()) {
            yield {
              address: hexToBytes(`0x${address}`),
              nonce: record.nonce,
              balance: record.balance,
              code: state.getCode(record.codeHash) ?? NO_CODE,
              storage: slotsOf(state.storageOf(address)),
            }
          }
        },
      })
      return bytesToHex(dump)
    }),
    anvil_loadState: method([data('state')], async ([bytes]) => {
      await readStateDump(bytes, async (accounts) => {
        await deps.run({ op: 'loadAccounts', accounts })
      })
      return true
    }),
  }
}

function* slotsOf(storage: ReadonlyMap<string, Uint8Array>): Generator<[Uint8Array, bigint]> {
  for (const [slot, value] of storage) {
    yield [hexToBytes(`0x${slot}`), value.length === 0 ? 0n : BigInt(bytesToHex(value))]
  }
}
