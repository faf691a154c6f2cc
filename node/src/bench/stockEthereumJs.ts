import { createBlock } from '@ethereumjs/block'
import { createTxFromRLP } from '@ethereumjs/tx'
import { Account, createAddressFromString } from '@ethereumjs/util'
import { createVM, runTx } from '@ethereumjs/vm'
import type { GenesisAllocation } from '../config/index.ts'
import { createChainCommon } from '../executor/index.ts'

/**
 * The baseline: stock EthereumJS as its README shows it — `createVM` with its
 * default Merkle state manager, `createTxFromRLP` and `runTx`, which recovers
 * the sender itself. Returns transactions per second over `raws`.
 */
export async function stockRunTxRate(
  alloc: readonly GenesisAllocation[],
  setup: readonly Uint8Array[],
  raws: readonly Uint8Array[],
): Promise<number> {
  const common = createChainCommon(31337n)
  const vm = await createVM({ common })
  for (const { address, balance } of alloc) {
    await vm.stateManager.putAccount(createAddressFromString(address), new Account(0n, balance))
  }
  const block = createBlock(
    { header: { number: 1n, gasLimit: 10_000_000_000n, baseFeePerGas: 1_000_000_000n, timestamp: 1n } },
    { common },
  )
  for (const raw of setup)
    await runTx(vm, { tx: createTxFromRLP(raw, { common }), block, skipBlockGasLimitValidation: true })
  const started = performance.now()
  for (const raw of raws) {
    await runTx(vm, { tx: createTxFromRLP(raw, { common }), block, skipBlockGasLimitValidation: true })
  }
  return (raws.length / (performance.now() - started)) * 1000
}
