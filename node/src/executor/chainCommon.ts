import { type Common, createCustomCommon, Hardfork, Mainnet } from '@ethereumjs/common'
import { paramsTx } from '@ethereumjs/tx'
import { createKeccak } from '../commitment/index.ts'

/**
 * EthereumJS chain rules for the devnet: mainnet's Prague rules under our
 * chain id, with keccak256 (the SHA3 opcode, log blooms) on WebAssembly —
 * about 13× faster than the pure-JS default here.
 */
export function createChainCommon(chainId: bigint): Common {
  const keccak = createKeccak()
  return createCustomCommon({ chainId: Number(chainId), name: 'rtevm' }, Mainnet, {
    hardfork: Hardfork.Prague,
    customCrypto: { keccak256: (data: Uint8Array) => keccak.hash(data) },
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
