import type { Replica } from '@rtevm/node'
import type { DevCommand } from '@rtevm/protocol'
import { bytesToHex, hexToBytes } from 'viem'
import { data, type MethodTable, method } from '../jsonrpc/index.ts'
import { readStateDump, writeStateDump } from './stateDump.ts'

const NO_CODE = new Uint8Array(0)

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
  replica: Pick<Replica, 'state' | 'head' | 'getBlockByNumber' | 'chain'>
  run(command: DevCommand): Promise<bigint>
}): MethodTable {
  const { replica } = deps
  return {
    anvil_dumpState: method([], () => {
      const { state } = replica
      const block = replica.head().block
      const dump = writeStateDump(
        {
          chainId: replica.chain.chainId,
          block,
          blockHash: replica.getBlockByNumber(block)?.hash ?? NO_CODE,
        },
        {
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
        },
      )
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
