import type { DevCommand, DevControl } from '@rtevm/protocol'
import { quantityHex } from '../format/index.ts'
import {
  address,
  boolean,
  data,
  expected,
  hash32,
  integer,
  type MethodTable,
  method,
  optional,
  type Param,
  quantity,
} from '../jsonrpc/index.ts'
import type { NextBlockParameters } from './nextBlockParameters.ts'

export type DevMethodsDeps = {
  /** The sequencer's devnet controls (over the link). */
  control: Pick<DevControl, 'dev'>
  /** Resolves once this edge's replica has applied stream event `seq`, so reads after a command see it. */
  applied(seq: bigint): Promise<void>
  /** Told what the next block's coinbase and base fee became, until a sealed header carries them. */
  parameters: Pick<NextBlockParameters, 'set'>
}

const HEX_WORD = /^0x[0-9a-fA-F]{1,64}$/

/** A uint256 as hex, leading zeros allowed (ethers and Hardhat scripts send padded words). */
function word(name: string): Param<bigint> {
  return {
    name,
    optional: false,
    parse: (value) =>
      typeof value === 'string' && HEX_WORD.test(value) ? BigInt(value) : expected('a hex word', value),
  }
}

/** A storage slot as a hex quantity or a 32-byte word, as 32 bytes. */
function slot(name: string): Param<Uint8Array> {
  return {
    name,
    optional: false,
    parse(value) {
      if (typeof value !== 'string' || !HEX_WORD.test(value)) return expected('a storage slot as hex', value)
      return Uint8Array.from(Buffer.from(value.slice(2).padStart(64, '0'), 'hex'))
    },
  }
}

/**
 * Devnet controls under anvil's, Hardhat's and the `evm_` names: state edits,
 * impersonation (per address or of everyone), mining on demand and time, and
 * the pool and mining-mode methods a chain that executes on arrival answers
 * without changing anything. Each answers once this edge's
 * replica has applied the command, so the next read sees it. Results follow
 * each family's convention (anvil: null, Hardhat: true).
 */
export function createDevMethods(deps: DevMethodsDeps): MethodTable {
  async function run(command: DevCommand): Promise<bigint> {
    const result = await deps.control.dev(command)
    await deps.applied(result.seq)
    return result.value
  }

  const table: MethodTable = {}
  for (const [prefix, done] of [
    ['anvil', null],
    ['hardhat', true],
  ] as const) {
    table[`${prefix}_setBalance`] = method([address(), word('balance')], async ([who, value]) => {
      await run({ op: 'setBalance', address: who, value })
      return done
    })
    table[`${prefix}_setNonce`] = method([address(), word('nonce')], async ([who, value]) => {
      await run({ op: 'setNonce', address: who, value })
      return done
    })
    table[`${prefix}_setCode`] = method([address(), data('code')], async ([who, code]) => {
      await run({ op: 'setCode', address: who, code })
      return done
    })
    table[`${prefix}_setStorageAt`] = method(
      [address(), slot('slot'), word('value')],
      async ([who, at, value]) => {
        await run({ op: 'setStorageAt', address: who, slot: at, value })
        return true
      },
    )
    table[`${prefix}_impersonateAccount`] = method([address()], async ([who]) => {
      await run({ op: 'impersonate', address: who })
      return done
    })
    table[`${prefix}_stopImpersonatingAccount`] = method([address()], async ([who]) => {
      await run({ op: 'stopImpersonating', address: who })
      return done
    })
    // Nothing is ever pending: the sequencer executes each transaction as it arrives, and a
    // mined one cannot be dropped. There is nothing to drop, so nothing is (anvil answers null,
    // Hardhat false, "not dropped"). Known gap: transactions held behind a nonce gap wait in the
    // sequencer's mempool, which these do not reach.
    table[`${prefix}_dropTransaction`] = method([hash32('transaction hash')], () =>
      prefix === 'anvil' ? null : false,
    )
    table[`${prefix}_dropAllTransactions`] = method([], () => done)
    // The open block takes them at once (sealed first if it holds transactions); later blocks keep them.
    table[`${prefix}_setCoinbase`] = method([address()], async ([who]) => {
      await run({ op: 'setCoinbase', address: who })
      deps.parameters.set({ coinbase: who })
      return done
    })
    table[`${prefix}_setNextBlockBaseFeePerGas`] = method([word('base fee')], async ([value]) => {
      await run({ op: 'setBaseFee', value })
      deps.parameters.set({ baseFeePerGas: value })
      return done
    })
    table[`${prefix}_mine`] = method(
      [optional(integer('blocks')), optional(integer('interval seconds'))],
      async ([blocks, interval]) => {
        await run({ op: 'mine', blocks: BigInt(blocks ?? 1), intervalSeconds: BigInt(interval ?? 0) })
        return done
      },
    )
  }
  table.evm_setAccountNonce = table.anvil_setNonce
  // While on, eth_sendTransaction from any address is sent unsigned and the sequencer accepts it.
  table.anvil_autoImpersonateAccount = method([boolean('enabled')], async ([enabled]) => {
    await run({ op: 'autoImpersonate', enabled })
    return null
  })
  // rtevm always mines on arrival (a mini-block per transaction, anvil's automine) and seals an
  // EVM block every --block-time ms, even when idle. That interval is in the genesis followers
  // read and fixed for the chain's life, so a request for another one is accepted (scripts call
  // it as set-up) and changes nothing; anvil_mine / evm_mine seal blocks on demand.
  const setIntervalMining = method([integer('interval')], () => null)
  table.anvil_setIntervalMining = setIntervalMining
  table.evm_setIntervalMining = setIntervalMining
  table.evm_mine = method([optional(integer('timestamp'))], async ([timestamp]) => {
    if (timestamp !== undefined) await run({ op: 'setNextBlockTimestamp', timestamp: BigInt(timestamp) })
    await run({ op: 'mine', blocks: 1n, intervalSeconds: 0n })
    return '0x0'
  })
  table.evm_increaseTime = method([integer('seconds')], async ([seconds]) => {
    const offset = await run({ op: 'increaseTime', seconds: BigInt(seconds) })
    return `0x${offset.toString(16)}`
  })
  table.evm_setNextBlockTimestamp = method([integer('timestamp')], async ([timestamp]) => {
    await run({ op: 'setNextBlockTimestamp', timestamp: BigInt(timestamp) })
    return null
  })
  // Snapshots: the sequencer seals the open block and remembers the chain there; a revert rewinds
  // every follower to it (state, blocks, clock) and forgets it and every later snapshot.
  const snapshot = method([], async () => quantityHex(await run({ op: 'snapshot' })))
  const revert = method(
    [quantity('snapshot id', 64)],
    async ([id]) => (await run({ op: 'revert', id })) === 1n,
  )
  for (const prefix of ['evm', 'anvil']) {
    table[`${prefix}_snapshot`] = snapshot
    table[`${prefix}_revert`] = revert
  }
  return table
}
