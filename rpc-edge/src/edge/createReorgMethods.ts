import {
  type BlockSource,
  type CallRequest,
  type DevCommand,
  type ReorgTransaction,
  RtevmError,
  type StateReader,
} from '@rtevm/protocol'
import { hexToBytes, serializeTransaction } from 'viem'
import { RpcErrorCode } from '../errors/index.ts'
import { addressHex } from '../format/index.ts'
import { data, expected, integer, type MethodTable, method, optional, type Param } from '../jsonrpc/index.ts'
import { signableObject } from './callRequest.ts'
import { type DevAccountMethodsDeps, fillerSignature, fillTransaction } from './createDevAccountMethods.ts'
import { devSigners } from './devSigners.ts'

export type ReorgMethodsDeps = Pick<
  DevAccountMethodsDeps,
  'accounts' | 'chainId' | 'caller' | 'blockContext' | 'tipPerGas'
> & {
  /** Runs a dev command once this edge's replica applied it. */
  run(command: DevCommand): Promise<bigint>
  blocks: Pick<BlockSource, 'head'>
  /** The state at the end of a block, within the replica's history window. */
  stateAt(blockNumber: bigint): Pick<StateReader, 'getAccount'>
}

/** A transaction of `anvil_reorg`: signed bytes, or a request the edge fills in and signs (or sends unsigned). */
type ReorgEntry = { raw: Uint8Array } | { request: CallRequest; nonce?: bigint }
type ReorgPlan = { depth: bigint; pairs: { entry: ReorgEntry; block: number }[] }

/**
 * `anvil_rollback` and `anvil_reorg`, run by the sequencer through its chain history.
 * A reorg's requests are filled in as `eth_sendTransaction` would fill them, with nonces
 * counted from the state at the rollback point (signed by dev keys, or unsigned from an
 * impersonated sender); signed transactions go as they are.
 */
export function createReorgMethods(deps: ReorgMethodsDeps): MethodTable {
  const signers = devSigners(deps.accounts)

  async function transactionsOf(plan: ReorgPlan): Promise<ReorgTransaction[][]> {
    const head = deps.blocks.head().block
    const base = plan.depth <= head ? deps.stateAt(head - plan.depth) : undefined
    const nextNonce = new Map<string, bigint>()
    const blocks: ReorgTransaction[][] = []
    const ordered = [...plan.pairs].sort((a, b) => a.block - b.block)
    for (const { entry, block } of ordered) {
      while (blocks.length <= block) blocks.push([])
      if ('raw' in entry) {
        blocks[block]!.push({ raw: entry.raw })
        continue
      }
      const from = entry.request.from
      if (!from) throw expectedFrom()
      const key = addressHex(from).toLowerCase()
      const nonce = entry.nonce ?? nextNonce.get(key) ?? base?.getAccount(from)?.nonce ?? 0n
      nextNonce.set(key, nonce + 1n)
      const fields = await fillTransaction(deps, entry.request, nonce)
      const signer = signers.get(key)
      blocks[block]!.push(
        signer
          ? { raw: hexToBytes(await signer.signTransaction(fields)) }
          : { raw: hexToBytes(serializeTransaction(fields, fillerSignature(from))), from },
      )
    }
    return blocks
  }

  return {
    anvil_rollback: method([optional(integer('depth'))], async ([depth]) => {
      await deps.run({ op: 'rollback', depth: BigInt(depth ?? 1) })
      return null
    }),
    anvil_reorg: method(
      [reorgPlan, optional(pairsParam('transaction block pairs'))],
      async ([plan, pairs]) => {
        const whole = checkedPlan(pairs ? { ...plan, pairs } : plan)
        await deps.run({ op: 'reorg', depth: whole.depth, blocks: await transactionsOf(whole) })
        return null
      },
    ),
  }
}

function expectedFrom(): never {
  throw new RtevmError(RpcErrorCode.InvalidParams, 'a reorg transaction request has no from address')
}

/** Most transactions one reorg places. */
const MAX_REORG_TRANSACTIONS = 4096
const depthParam = integer('depth')
const signable = signableObject()
const bytesParam = data('raw transaction')

/** `[transaction, block index]` pairs: a transaction is signed hex bytes or a request object. */
function pairsParam(name: string): Param<ReorgPlan['pairs']> {
  return {
    name,
    optional: false,
    parse(value) {
      if (!Array.isArray(value) || value.length > MAX_REORG_TRANSACTIONS)
        return expected(`an array of at most ${MAX_REORG_TRANSACTIONS} [transaction, block] pairs`, value)
      return value.map((pair) => {
        if (!Array.isArray(pair) || pair.length !== 2) return expected('a [transaction, block] pair', pair)
        const [tx, block] = pair as [unknown, unknown]
        const entry: ReorgEntry = typeof tx === 'string' ? { raw: bytesParam.parse(tx) } : signable.parse(tx)
        return { entry, block: depthParam.parse(block) }
      })
    },
  }
}

/** anvil's forms: `(depth, pairs)`, or one object `{ depth, txBlockPairs }` (also `tx_block_pairs`). */
const reorgPlan: Param<ReorgPlan> = {
  name: 'reorg options',
  optional: false,
  parse(value) {
    if (typeof value !== 'object' || value === null)
      return { depth: BigInt(depthParam.parse(value)), pairs: [] }
    if (Array.isArray(value)) return expected('a depth or a reorg options object', value)
    const o = value as Record<string, unknown>
    const pairs = o.txBlockPairs ?? o.tx_block_pairs ?? []
    return { depth: BigInt(depthParam.parse(o.depth)), pairs: pairsParam('txBlockPairs').parse(pairs) }
  },
}

/** Every pair's block must be one of the `depth` new blocks. */
function checkedPlan(plan: ReorgPlan): ReorgPlan {
  for (const { block } of plan.pairs) {
    if (BigInt(block) >= plan.depth) {
      throw new RtevmError(
        RpcErrorCode.InvalidParams,
        `transaction block index ${block} is not one of the ${plan.depth} new blocks (0 to ${plan.depth - 1n})`,
      )
    }
  }
  return plan
}
