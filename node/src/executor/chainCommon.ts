import { type Common, createCustomCommon, Hardfork, Mainnet } from '@ethereumjs/common'
import { paramsTx } from '@ethereumjs/tx'
import { createKeccak } from '../commitment/index.ts'
import { lazyKzg } from './lazyKzg.ts'

/** The hardfork whose rules the chain runs from block 0, e.g. `prague` (anvil_nodeInfo reports it). */
export const CHAIN_HARDFORK: string = Hardfork.Prague

/**
 * EthereumJS chain rules for the devnet: mainnet's Prague rules under our
 * chain id, with keccak256 (the SHA3 opcode, log blooms) on WebAssembly —
 * about 13× faster than the pure-JS default here.
 */
export function createChainCommon(chainId: bigint): Common {
  const keccak = createKeccak()
  const common = createCustomCommon(
    { chainId: Number(chainId), name: 'rtevm', hardforks: PRAGUE_FROM_GENESIS },
    Mainnet,
    {
      hardfork: CHAIN_HARDFORK,
      customCrypto: { keccak256: (data: Uint8Array) => keccak.hash(data), kzg: lazyKzg },
    },
  )
  // The interpreter asks isActivatedEIP several times per opcode, and EthereumJS
  // answers with a linear scan of ~60 EIPs (6% of ERC-20 execution in the
  // profile). The hardfork never changes after this point, so a Set is exact.
  const active = new Set((common as unknown as { _activatedEIPsCache: number[] })._activatedEIPsCache)
  common.isActivatedEIP = (eip: number) => active.has(eip)
  return common
}

// Every fork up to Prague active from block 0. Mainnet's own schedule would
// keep, for one, the DAO fork's extraData rule at block 1 920 000.
const PRAGUE_FROM_GENESIS = Mainnet.hardforks
  .slice(0, Mainnet.hardforks.findIndex((fork) => fork.name === CHAIN_HARDFORK) + 1)
  .filter((fork) => fork.name !== Hardfork.Dao)
  .map((fork) => ({ name: fork.name, block: 0 }))

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
