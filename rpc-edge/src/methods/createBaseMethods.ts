import { bytesToHex, keccak256 } from 'viem'
import { quantityHex } from '../format/index.ts'
import { data, type MethodTable, method } from '../jsonrpc/index.ts'

export type BaseMethodsOptions = {
  chainId: bigint | number
  /** `web3_clientVersion`, e.g. `rtevm/0.1.0/node-v20`. */
  clientVersion: string
  /** Addresses `eth_accounts` lists (the unlocked dev accounts), 0x-hex. */
  accounts?: readonly string[]
  /** The next block's fee recipient, 0x-hex; default the zero address, as anvil's. */
  coinbase?: () => string
}

const ZERO_ADDRESS = `0x${'00'.repeat(20)}`

/** Methods that need no chain: identity, network and node status. */
export function createBaseMethods(options: BaseMethodsOptions): MethodTable {
  const chainIdHex = quantityHex(BigInt(options.chainId))
  // net_version is decimal by convention (geth, anvil), unlike every other quantity.
  const netVersion = BigInt(options.chainId).toString(10)
  const accounts = (options.accounts ?? []).map((a) => a.toLowerCase())
  return {
    web3_clientVersion: method([], () => options.clientVersion),
    web3_sha3: method([data('data')], ([bytes]) => keccak256(bytesToHex(bytes))),
    net_version: method([], () => netVersion),
    // A single-sequencer devnet has no peer-to-peer network: always listening, no peers.
    net_listening: method([], () => true),
    net_peerCount: method([], () => '0x0'),
    eth_chainId: method([], () => chainIdHex),
    // Replicas follow the sequencer's stream live; there is no sync phase to report.
    eth_syncing: method([], () => false),
    eth_accounts: method([], () => accounts),
    // The sequencer's fee recipient (no edge mines): the genesis coinbase until anvil_setCoinbase.
    eth_coinbase: method([], () => (options.coinbase?.() ?? ZERO_ADDRESS).toLowerCase()),
  }
}
