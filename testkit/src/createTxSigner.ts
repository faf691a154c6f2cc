import { createTx, type TypedTxData } from '@ethereumjs/tx'
import { bytesFromHex, createChainCommon, createSharedTxCommon } from '@rtevm/node'
import secp256k1 from 'secp256k1'

/** Builds and signs transactions fast (libsecp256k1), for tests and benchmarks that need thousands. */
export type TxSigner = {
  address: `0x${string}`
  /** Signs `data` for the signer's chain; returns the raw EIP-2718 bytes. */
  sign(data: TypedTxData): Uint8Array
}

export function createTxSigner(
  privateKey: `0x${string}`,
  address: `0x${string}`,
  chainId = 31337n,
): TxSigner {
  const common = createSharedTxCommon(createChainCommon(chainId))
  const key = bytesFromHex(privateKey)
  return {
    address,
    sign(data) {
      const unsigned = createTx({ type: 2, chainId, ...data }, { common })
      const { signature, recid } = secp256k1.ecdsaSign(unsigned.getHashedMessageToSign(), key)
      const v = unsigned.type === 0 ? BigInt(recid) + 35n + chainId * 2n : BigInt(recid)
      return unsigned.addSignature(v, signature.slice(0, 32), signature.slice(32), false).serialize()
    },
  }
}
