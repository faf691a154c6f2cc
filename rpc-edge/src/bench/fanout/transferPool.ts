import { createTxSigner } from '@rtevm/testkit'
import { CHAIN_ID, devAccounts, fees } from '../benchChain.ts'

/** Pre-signed ETH transfers between the dev accounts, consumed in order across runs so nonces stay contiguous. */
export type TransferPool = { readonly raws: readonly Uint8Array[]; next: number }

export function signTransferPool(count: number): TransferPool {
  const signers = devAccounts.map((a) => createTxSigner(a.privateKey, a.address, BigInt(CHAIN_ID)))
  const raws: Uint8Array[] = []
  for (let i = 0; i < count; i++) {
    const s = i % signers.length
    raws.push(
      signers[s].sign({
        nonce: BigInt(Math.floor(i / signers.length)),
        to: devAccounts[(s + 1) % signers.length].address,
        value: 1n,
        gasLimit: 21_000n,
        ...fees,
      }),
    )
  }
  return { raws, next: 0 }
}

/** What a driver got included, and over how long (until its last transfer settled). */
export type DriveRun = { included: number; failed: number; exhausted: boolean; seconds: number }
