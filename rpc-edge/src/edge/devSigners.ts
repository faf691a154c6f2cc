import type { DevAccount } from '@rtevm/protocol'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'

/** The dev accounts' signers: the only keys an edge holds. */
export type DevSigners = {
  /** The signer of a dev account, by lower-case hex address; undefined for any other address. */
  get(address: string): PrivateKeyAccount | undefined
  /** The dev accounts' addresses (checksummed), in order. */
  readonly addresses: readonly string[]
}

/**
 * Each signer is made on first use: making one derives its public key (milliseconds each in
 * JavaScript), which an edge start would otherwise pay for every dev account before it answers.
 */
export function devSigners(accounts: readonly DevAccount[]): DevSigners {
  const keys = new Map(accounts.map((account) => [account.address.toLowerCase(), account.privateKey]))
  const made = new Map<string, PrivateKeyAccount>()
  return {
    get(address) {
      let signer = made.get(address)
      const key = signer ? undefined : keys.get(address)
      if (key) {
        signer = privateKeyToAccount(key)
        made.set(address, signer)
      }
      return signer
    },
    addresses: accounts.map((account) => account.address),
  }
}
