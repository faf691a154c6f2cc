import { pbkdf2 } from '@noble/hashes/pbkdf2.js'
import { sha512 } from '@noble/hashes/sha2.js'
import type { DevAccount } from '@rtevm/protocol'
import { HDKey, privateKeyToAddress } from 'viem/accounts'

/**
 * Derives `count` accounts from `mnemonic` on the standard Ethereum path
 * m/44'/60'/0'/0/i, as anvil and Hardhat do, so wallet presets line up.
 */
export function deriveDevAccounts(mnemonic: string, count: number): DevAccount[] {
  // BIP-39 seed, computed once rather than once per account (PBKDF2 dominates).
  const seed = pbkdf2(sha512, mnemonic.normalize('NFKD'), 'mnemonic', { c: 2048, dkLen: 64 })
  const root = HDKey.fromMasterSeed(seed)
  return Array.from({ length: count }, (_, index) => {
    const key = root.derive(`m/44'/60'/0'/0/${index}`).privateKey
    if (!key) throw new RangeError(`no private key at index ${index}`)
    const privateKey = `0x${Buffer.from(key).toString('hex')}` as const
    return { address: privateKeyToAddress(privateKey), privateKey }
  })
}
