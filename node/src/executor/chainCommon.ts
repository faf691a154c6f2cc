import { type Common, createCustomCommon, Hardfork, Mainnet } from '@ethereumjs/common'
import { paramsTx } from '@ethereumjs/tx'

/** EthereumJS chain rules for the devnet: mainnet's Prague rules under our chain id. */
export function createChainCommon(chainId: bigint): Common {
  return createCustomCommon({ chainId: Number(chainId), name: 'rtevm' }, Mainnet, {
    hardfork: Hardfork.Prague,
  })
}

/**
 * A `Common` that transactions can share. EthereumJS copies its `Common` and
 * re-merges the transaction parameters into it for every transaction it
 * builds (~150 µs each, JSON deep copies). This one is prepared once and hands
 * itself out instead of copies; it must never change hardfork afterwards,
 * which holds because runTx is always called with skipHardForkValidation.
 */
export function createSharedTxCommon(common: Common): Common {
  const shared = common.copy()
  shared.updateParams(paramsTx)
  shared.copy = () => shared
  shared.updateParams = () => shared
  return shared
}
