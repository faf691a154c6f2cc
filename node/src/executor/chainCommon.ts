import { createCustomCommon, Hardfork, Mainnet, type Common } from '@ethereumjs/common'

/** EthereumJS chain rules for the devnet: mainnet's Prague rules under our chain id. */
export function createChainCommon(chainId: bigint): Common {
  return createCustomCommon({ chainId: Number(chainId), name: 'rtevm' }, Mainnet, { hardfork: Hardfork.Prague })
}
