import type { DevAccount } from '@rtevm/protocol'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'

/** The dev accounts' signers, keyed by lower-case hex address: the only keys an edge holds. */
export function devSigners(accounts: readonly DevAccount[]): Map<string, PrivateKeyAccount> {
  return new Map(
    accounts.map((account) => [account.address.toLowerCase(), privateKeyToAccount(account.privateKey)]),
  )
}
