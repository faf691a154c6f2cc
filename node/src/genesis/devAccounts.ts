import { createHmac, pbkdf2Sync } from 'node:crypto'
import { keccak_256 } from '@noble/hashes/sha3.js'
import type { DevAccount } from '@rtevm/protocol'
import secp256k1 from 'secp256k1'
import { getAddress } from 'viem'

/** Account keys sit under m/44'/60'/0'/0 (BIP-44, coin 60): the first three levels hardened. */
const ACCOUNT_PARENT_PATH = [44 + 0x80000000, 60 + 0x80000000, 0x80000000, 0]
const HARDENED = 0x80000000

type ExtendedKey = { key: Uint8Array; chainCode: Uint8Array }

/**
 * Derives `count` accounts from `mnemonic` on the standard Ethereum path
 * m/44'/60'/0'/0/i, as anvil and Hardhat do, so wallet presets line up.
 * BIP-39 seed and BIP-32 private derivation on node's native HMAC/PBKDF2 and
 * libsecp256k1: every service derives these at start, and the pure-JS path
 * took ~400 ms of it.
 */
export function deriveDevAccounts(mnemonic: string, count: number): DevAccount[] {
  const seed = pbkdf2Sync(mnemonic.normalize('NFKD'), 'mnemonic', 2048, 64, 'sha512')
  let parent = split(createHmac('sha512', 'Bitcoin seed').update(seed).digest())
  for (const index of ACCOUNT_PARENT_PATH) parent = deriveChild(parent, index)
  return Array.from({ length: count }, (_, index) => {
    const { key } = deriveChild(parent, index)
    const publicKey = secp256k1.publicKeyCreate(key, false)
    const address = getAddress(
      `0x${Buffer.from(keccak_256(publicKey.subarray(1)).subarray(12)).toString('hex')}`,
    )
    return { address, privateKey: `0x${Buffer.from(key).toString('hex')}` }
  })
}

/** BIP-32 CKDpriv: the child's key is the parent's plus the HMAC's left half, mod the curve order. */
function deriveChild(parent: ExtendedKey, index: number): ExtendedKey {
  const data = Buffer.alloc(37)
  if (index >= HARDENED) data.set(parent.key, 1)
  else data.set(secp256k1.publicKeyCreate(parent.key, true), 0)
  data.writeUInt32BE(index, 33)
  const { key: tweak, chainCode } = split(createHmac('sha512', parent.chainCode).update(data).digest())
  // Throws for the (2^-127 likely) tweak ≥ n or zero key that BIP-32 says to skip.
  const key = secp256k1.privateKeyTweakAdd(Uint8Array.from(parent.key), tweak)
  return { key, chainCode }
}

function split(digest: Uint8Array): ExtendedKey {
  return { key: Uint8Array.from(digest.subarray(0, 32)), chainCode: Uint8Array.from(digest.subarray(32)) }
}
