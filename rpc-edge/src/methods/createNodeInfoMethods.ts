import type { BlockSource } from '@rtevm/protocol'
import { dataHex, quantityHex } from '../format/index.ts'
import { type MethodTable, method } from '../jsonrpc/index.ts'

export type NodeInfoMethodsOptions = {
  blocks: Pick<BlockSource, 'head' | 'getBlockByNumber'>
  chainId: bigint
  /** The next block's. */
  baseFeePerGas(): bigint
  blockGasLimit: bigint
  /** Tip eth_gasPrice adds to the base fee. */
  tipPerGas: bigint
  /** The hardfork the chain runs from block 0, e.g. `prague`. */
  hardfork: string
  /** web3_clientVersion, e.g. `rtevm/0.1.0`. */
  clientVersion: string
  /** Block 0's hash. */
  genesisHash: Uint8Array
}

/** anvil's fork settings, for a chain that never forks another. */
const NOT_FORKED = { forkUrl: null, forkBlockNumber: null, forkRetryBackoff: null }

/**
 * anvil_nodeInfo, anvil_metadata and hardhat_metadata in anvil's field names,
 * filled with rtevm's values. "Current" and "latest" block are the newest
 * sealed EVM block (what eth_blockNumber answers): mini-blocks have no EVM
 * number or hash of their own. Tools call these to recognise a dev node, so
 * the edge serves them only with dev methods on.
 */
export function createNodeInfoMethods(options: NodeInfoMethodsOptions): MethodTable {
  const { blocks } = options
  const chainId = Number(options.chainId)
  // rtevm is not forked, has no hardhat_reset and keeps its chain across restarts: block 0's
  // hash names the chain (the same on every edge, new for every fresh chain), which is what
  // Hardhat's instanceId tells its users (a cache keyed by it stays valid).
  const instanceId = dataHex(options.genesisHash)
  const [, semver = options.clientVersion] = /^[^/]+\/v?([^/]+)/.exec(options.clientVersion) ?? []

  function latest() {
    const number = blocks.head().block
    return { number, block: blocks.getBlockByNumber(number) }
  }

  const metadata = method([], () => {
    const { number, block } = latest()
    return {
      clientVersion: options.clientVersion,
      clientSemver: semver,
      // The edge is not built with its commit; null rather than a made-up one.
      clientCommitSha: null,
      chainId,
      instanceId,
      latestBlockNumber: Number(number),
      latestBlockHash: block ? dataHex(block.hash) : null,
      forkedNetwork: null,
      // evm_snapshot is not served (yet), so there are none.
      snapshots: {},
    }
  })

  return {
    anvil_nodeInfo: method([], () => {
      const { number, block } = latest()
      return {
        currentBlockNumber: quantityHex(number),
        currentBlockTimestamp: block ? Number(block.header.timestamp) : null,
        currentBlockHash: block ? dataHex(block.hash) : null,
        hardFork: options.hardfork.charAt(0).toUpperCase() + options.hardfork.slice(1),
        // Transactions arriving together run highest tip first, as anvil's default.
        transactionOrder: 'fees',
        environment: {
          baseFee: quantityHex(options.baseFeePerGas()),
          chainId,
          gasLimit: quantityHex(options.blockGasLimit),
          gasPrice: quantityHex(options.baseFeePerGas() + options.tipPerGas),
        },
        forkConfig: NOT_FORKED,
      }
    }),
    anvil_metadata: metadata,
    hardhat_metadata: metadata,
  }
}
