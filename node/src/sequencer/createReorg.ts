import type { DevCommand, ReorgTransaction, TxInclusion } from '@rtevm/protocol'
import type { DecodedTransaction, TransactionDecoder } from '../executor/index.ts'
import { hexFromBytes } from '../state/index.ts'
import type { BlockProducer } from './createBlockProducer.ts'
import type { ChainSnapshots } from './createChainSnapshots.ts'
import { MAX_MINED_BLOCKS } from './createDevCommands.ts'
import type { ExecutionPump } from './createExecutionPump.ts'
import { InvalidDevCommandError, NotImpersonatedError } from './errors.ts'

type ReorgCommand = Extract<DevCommand, { op: 'reorg' }>

/**
 * Devnet `anvil_reorg`: roll back `depth` blocks, then seal `depth` new blocks
 * in their place, each holding its transactions. The block timer is held
 * meanwhile (`holdsBlocks`), so no timed seal splits a new block.
 */
export type Reorg = {
  run(command: ReorgCommand): Promise<bigint>
  /** True while a reorg builds its blocks: the block timer must not seal. */
  holdsBlocks(): boolean
}

export function createReorg(deps: {
  pump: ExecutionPump
  chain: BlockProducer
  snapshots: ChainSnapshots
  decoder: TransactionDecoder
  admit(decoded: DecodedTransaction): Promise<TxInclusion>
  isImpersonated(address: Uint8Array): boolean
}): Reorg {
  const { pump, chain, snapshots, decoder } = deps
  let running = false

  async function run({ depth, blocks }: ReorgCommand): Promise<bigint> {
    if (running) throw new InvalidDevCommandError('a reorg is already running')
    if (depth < 1n || depth > MAX_MINED_BLOCKS || BigInt(blocks.length) > depth) {
      throw new InvalidDevCommandError(
        `a reorg replaces 1 to ${MAX_MINED_BLOCKS} blocks and places transactions only in those (depth ${depth}, ${blocks.length} blocks of transactions)`,
      )
    }
    for (const tx of blocks.flat()) {
      if (tx.from && !deps.isImpersonated(tx.from))
        throw new NotImpersonatedError(`0x${hexFromBytes(tx.from)}`)
    }
    running = true
    try {
      // Decoded first: a transaction that does not decode fails the reorg before it rewinds.
      const decoded = await Promise.all(blocks.map((txs) => Promise.all(txs.map(decode))))
      await pump.atBoundary(() => snapshots.rollback(depth))
      for (let i = 0; i < Number(depth); i++) {
        for (const [index, tx] of (decoded[i] ?? []).entries()) await include(tx, i, index)
        await pump.atBoundary(() => pump.sealBlockNow())
      }
      return chain.latest().header.number
    } finally {
      running = false
    }
  }

  function decode(tx: ReorgTransaction): Promise<DecodedTransaction> {
    return tx.from ? Promise.resolve(decoder.decodeAs(tx.raw, tx.from)) : decoder.decode(tx.raw)
  }

  /** One at a time, so each lands in order; one that waits (a nonce gap) fails the reorg. */
  async function include(decoded: DecodedTransaction, block: number, index: number) {
    let timer: NodeJS.Timeout | undefined
    const waited = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new InvalidDevCommandError(
              `reorg transaction ${index} of new block ${block} was not executed within ${INCLUSION_WAIT_MS} ms: is its nonce ahead of its sender's?`,
            ),
          ),
        INCLUSION_WAIT_MS,
      )
    })
    try {
      await Promise.race([deps.admit(decoded), waited])
    } finally {
      clearTimeout(timer)
    }
  }

  return { run, holdsBlocks: () => running }
}

/** How long one reorg transaction may wait to execute before the reorg fails. */
const INCLUSION_WAIT_MS = 5_000
