import type { DevCommand, DevControl } from '@rtevm/protocol'
import {
  address,
  data,
  expected,
  integer,
  type MethodTable,
  method,
  optional,
  type Param,
} from '../jsonrpc/index.ts'

export type DevMethodsDeps = {
  /** The sequencer's devnet controls (over the link). */
  control: Pick<DevControl, 'dev'>
  /** Resolves once this edge's replica has applied stream event `seq`, so reads after a command see it. */
  applied(seq: bigint): Promise<void>
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
 * impersonation, mining on demand and time. Each answers once this edge's
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
    table[`${prefix}_mine`] = method(
      [optional(integer('blocks')), optional(integer('interval seconds'))],
      async ([blocks, interval]) => {
        await run({ op: 'mine', blocks: BigInt(blocks ?? 1), intervalSeconds: BigInt(interval ?? 0) })
        return done
      },
    )
  }
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
  return table
}
