import { keccak_256 } from '@noble/hashes/sha3.js'
import { type Attestation, attestationDigest, type UnsignedAttestation } from '@rtevm/protocol'
import secp256k1 from 'secp256k1'

/** Signs attestations with one secp256k1 key; `address` is the `verifier` field it fills in. */
export type AttestationSigner = {
  readonly address: Uint8Array
  sign(fields: Omit<UnsignedAttestation, 'verifier'>): Attestation
}

export function createAttestationSigner(privateKey: Uint8Array): AttestationSigner {
  const address = addressOf(secp256k1.publicKeyCreate(privateKey, false))
  return {
    address,
    sign(fields) {
      const unsigned: UnsignedAttestation = { ...fields, verifier: address }
      const { signature, recid } = secp256k1.ecdsaSign(attestationDigest(unsigned), privateKey)
      return { ...unsigned, signature: Uint8Array.of(...signature, recid) }
    },
  }
}

/** The address that signed `attestation`; undefined when the signature does not recover. */
export function recoverAttestationSigner(attestation: Attestation): Uint8Array | undefined {
  const { signature } = attestation
  try {
    const publicKey = secp256k1.ecdsaRecover(
      signature.subarray(0, 64),
      signature[64],
      attestationDigest(attestation),
      false,
    )
    return addressOf(publicKey)
  } catch {
    return undefined
  }
}

/** True when `attestation` was signed by the key of its `verifier` address. */
export function isAttestationSigned(attestation: Attestation): boolean {
  const signer = recoverAttestationSigner(attestation)
  return signer !== undefined && Buffer.from(signer).equals(attestation.verifier)
}

function addressOf(uncompressedPublicKey: Uint8Array): Uint8Array {
  return keccak_256(uncompressedPublicKey.subarray(1)).slice(12)
}
