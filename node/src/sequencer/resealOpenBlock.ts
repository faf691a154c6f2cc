import type { MiniBlock } from '@rtevm/protocol'
import { logsBloom } from '@rtevm/protocol/bloom'
import { applyStateDiff } from '../block/index.ts'
import type { Executor, TransactionDecoder } from '../executor/index.ts'
import type { RamState } from '../state/index.ts'
import type { BlockProducer } from './createBlockProducer.ts'
import type { ExecutionPump } from './createExecutionPump.ts'
import type { Publisher } from './createPublisher.ts'

/**
 * The restart path: the block open at the crash is sealed now, from the
 * mini-blocks the log kept. The state is the parent block's: its witness
 * needs what those transactions read, so (with witnesses on) they are re-run
 * once and reverted; the state itself comes from the logged diffs.
 */
export async function resealOpenBlock(
  deps: {
    state: RamState
    executor: Executor
    decoder: TransactionDecoder
    recordWitness: boolean
    chain: BlockProducer
    pump: ExecutionPump
    publisher: Publisher
  },
  openMiniBlocks: readonly MiniBlock[],
): Promise<void> {
  const { state, chain } = deps
  if (deps.recordWitness) await recordOpenBlockReads(deps, openMiniBlocks)
  for (const miniBlock of openMiniBlocks) {
    applyStateDiff(state, miniBlock.stateDiff, miniBlock.blockNumber)
    chain.open().addMiniBlock(
      miniBlock,
      miniBlock.receipts.map((receipt) => logsBloom(receipt.logs)),
    )
  }
  // The mini-blocks carry these diffs already: none of it belongs in the next one (the chain
  // history records what they overwrote).
  chain.takeDiff()
  deps.pump.sealBlockNow()
  await deps.publisher.durable()
}

async function recordOpenBlockReads(
  deps: { state: RamState; executor: Executor; decoder: TransactionDecoder },
  miniBlocks: readonly MiniBlock[],
) {
  const { state, executor, decoder } = deps
  state.checkpoint()
  try {
    let gasUsed = 0n
    for (const miniBlock of miniBlocks) {
      for (const tx of miniBlock.transactions) {
        const outcome = await executor.execute(decoder.decodeAs(tx.raw, tx.from), gasUsed)
        gasUsed += outcome.receipt.gasUsed
      }
    }
  } catch {
    // A transaction that no longer runs the same way leaves a partial witness: verifiers will say so.
  } finally {
    state.revert()
  }
}
