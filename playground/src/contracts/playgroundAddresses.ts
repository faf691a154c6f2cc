import { type Address, getContractAddress } from 'viem'

/** Where the playground contracts live on a chain. */
export type PlaygroundAddressBook = {
  chainId: number
  deployer: Address
  baseToken: Address
  quoteToken: Address
  orderBook: Address
  arena: Address
}

/** The deployer's nonce for each contract: a fresh deployer gives the same addresses on every devnet. */
export const playgroundDeployNonces = { baseToken: 0, quoteToken: 1, orderBook: 2, arena: 3 } as const

/** The addresses `deployPlaygroundContracts` deploys to from `deployer` (nothing is read from the chain). */
export function playgroundAddresses(deployer: Address, chainId = 31337): PlaygroundAddressBook {
  const at = (nonce: number) => getContractAddress({ from: deployer, nonce: BigInt(nonce) })
  return {
    chainId,
    deployer,
    baseToken: at(playgroundDeployNonces.baseToken),
    quoteToken: at(playgroundDeployNonces.quoteToken),
    orderBook: at(playgroundDeployNonces.orderBook),
    arena: at(playgroundDeployNonces.arena),
  }
}
