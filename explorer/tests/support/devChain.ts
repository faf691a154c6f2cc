import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  type Hash,
  http,
  type TransactionReceipt,
} from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { anvil } from 'viem/chains'
import { compileExplorerTestContracts } from './explorerTestContracts.ts'

const MNEMONIC = 'test test test test test test test test test test test junk'

/** viem clients on the devnet's edge, signing locally with dev accounts 0 and 1. */
export function createDevChain(rpcUrl: string) {
  const chain = { ...anvil, rpcUrls: { default: { http: [rpcUrl] } } }
  const transport = http(rpcUrl)
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 20 })
  const accounts = [0, 1].map((addressIndex) => mnemonicToAccount(MNEMONIC, { addressIndex }))
  const wallets = accounts.map((account) => createWalletClient({ account, chain, transport }))
  const { coin, badge, relay } = compileExplorerTestContracts()

  async function confirmed(hash: Hash): Promise<TransactionReceipt> {
    return publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20, timeout: 20_000 })
  }

  return {
    publicClient,
    addresses: accounts.map((a) => a.address.toLowerCase() as Address),
    /** An ETH transfer from dev account `from`; resolves with the receipt. */
    async sendEth(from: 0 | 1, to: Address, value: bigint) {
      return confirmed(await wallets[from].sendTransaction({ to, value }))
    },
    /** Deploys the ERC-20 (supply to dev account 0), the ERC-721 or the relay from dev account 0. */
    async deploy(kind: 'coin' | 'badge' | 'relay', supply = 0n) {
      const hash =
        kind === 'coin'
          ? await wallets[0].deployContract({ abi: coin.abi, bytecode: coin.bytecode, args: [supply] })
          : kind === 'badge'
            ? await wallets[0].deployContract({ abi: badge.abi, bytecode: badge.bytecode })
            : await wallets[0].deployContract({ abi: relay.abi, bytecode: relay.bytecode })
      const receipt = await confirmed(hash)
      if (!receipt.contractAddress) throw new Error(`the ${kind} deployment created no contract`)
      return { receipt, address: receipt.contractAddress.toLowerCase() as Address }
    },
    /** `coin.transfer(to, amount)` from dev account 0. */
    async transferCoin(coinAddress: Address, to: Address, amount: bigint) {
      const data = encodeFunctionData({ abi: coin.abi, functionName: 'transfer', args: [to, amount] })
      return confirmed(await wallets[0].sendTransaction({ to: coinAddress, data }))
    },
    /** `relay.relay(coin, to, amount)` from dev account 0: the relay calls `coin.transfer` with its own coins. */
    async relayCoin(relayAddress: Address, coinAddress: Address, to: Address, amount: bigint) {
      const data = encodeFunctionData({
        abi: relay.abi,
        functionName: 'relay',
        args: [coinAddress, to, amount],
      })
      return confirmed(await wallets[0].sendTransaction({ to: relayAddress, data }))
    },
    /** `badge.mint(to, tokenId)` from dev account 0. */
    async mintBadge(badgeAddress: Address, to: Address, tokenId: bigint) {
      const data = encodeFunctionData({ abi: badge.abi, functionName: 'mint', args: [to, tokenId] })
      return confirmed(await wallets[0].sendTransaction({ to: badgeAddress, data }))
    },
  }
}
