import { createPrivateKey, type KeyObject, sign } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { LinkConfigError } from './errors.ts'

/** A link peer's Ed25519 key: a client proves with it which of the operator's peers it is. */
export type LinkKey = {
  /** The raw 32-byte public key: what the operator lists, in hex, in the server's peers file. */
  readonly publicKey: Uint8Array
  /** The Ed25519 signature of `message`. */
  sign(message: Uint8Array): Uint8Array
}

/** A `LinkKey` over an Ed25519 private key; `source` names it in errors. */
export function linkKeyFromPrivateKey(privateKey: KeyObject, source = 'the link key'): LinkKey {
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new LinkConfigError(
      `${source} is a ${privateKey.asymmetricKeyType} key; the link takes Ed25519 keys`,
    )
  const { x } = privateKey.export({ format: 'jwk' })
  const publicKey = new Uint8Array(Buffer.from(x ?? '', 'base64url'))
  return { publicKey, sign: (message) => new Uint8Array(sign(null, message, privateKey)) }
}

/** Reads a PEM Ed25519 private key (as `openssl genpkey -algorithm ed25519` writes it). */
export function readLinkKey(file: string): LinkKey {
  let pem: string
  try {
    pem = readFileSync(file, 'utf8')
  } catch (error) {
    throw new LinkConfigError(`cannot read the link key file ${file}`, { cause: error })
  }
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(pem)
  } catch (error) {
    throw new LinkConfigError(`${file} is not a PEM private key`, { cause: error })
  }
  return linkKeyFromPrivateKey(privateKey, file)
}
