import type { GenesisAllocation } from '../config/index.ts'
import {
  createChainCommon,
  createExecutor,
  createInlineRecovery,
  createTransactionDecoder,
  ExecutionRejectedError,
} from '../executor/index.ts'
import { applyGenesis } from '../genesis/index.ts'
import { bytesFromHex, createRamState } from '../state/index.ts'
import type { TxAccess } from './analyzeBlock.ts'
import { recordTxAccess } from './recordTxAccess.ts'

export type WorkloadAccessOptions = {
  alloc: readonly GenesisAllocation[]
  /** Run first, not recorded (deployments, mints, approvals). */
  setup: readonly Uint8Array[]
  /** Recorded, one access record per transaction the executor accepts, in order. */
  transactions: readonly Uint8Array[]
  chainId?: bigint
}

/** The fee recipient of the recorded run: an address no workload touches otherwise. */
const FEE_RECIPIENT = '00000000000000000000000000000000000fee00'

/**
 * Executes a workload in order, as the sequencer would, on a fresh RAM state
 * with the sequencer's executor (plain-transfer fast path included), and
 * records each transaction's read and write keys. This runs beside the
 * sequencer rather than in it, so its hot path pays nothing for the record.
 * Refused transactions are left out.
 */
export async function recordWorkloadAccess(options: WorkloadAccessOptions): Promise<TxAccess[]> {
  const common = createChainCommon(options.chainId ?? 31337n)
  const state = createRamState({ trackDiffs: false })
  applyGenesis(state, [], 0n, options.alloc)
  const recorder = recordTxAccess(state, { ignore: [FEE_RECIPIENT] })
  const executor = await createExecutor({ common, state: recorder.state })
  const decoder = createTransactionDecoder(common, createInlineRecovery())
  executor.openBlock({
    number: 1n,
    timestamp: 1n,
    baseFeePerGas: 1_000_000_000n,
    gasLimit: 10n ** 12n,
    coinbase: bytesFromHex(FEE_RECIPIENT),
    prevRandao: new Uint8Array(32),
  })
  let blockGasUsed = 0n
  const run = async (raw: Uint8Array): Promise<TxAccess | undefined> => {
    const decoded = await decoder.decode(raw)
    try {
      const executed = await executor.execute(decoded, blockGasUsed)
      blockGasUsed += executed.receipt.gasUsed
      return recorder.take()
    } catch (error) {
      if (!(error instanceof ExecutionRejectedError)) throw error
      // Refused (nonce, funds): it changed nothing, and a block would not include it.
      recorder.discard()
      return undefined
    }
  }
  for (const raw of options.setup) await run(raw)
  const recorded: TxAccess[] = []
  for (const raw of options.transactions) {
    const access = await run(raw)
    if (access) recorded.push(access)
  }
  return recorded
}
