/** Keeps a link signature from being valid for anything else a key might sign. */
const DOMAIN = new TextEncoder().encode('rtevm link authentication v1\n')

/**
 * The bytes a link peer signs with its Ed25519 key to authenticate a
 * connection: a fixed domain string, then the server's 32-byte challenge.
 */
export function linkAuthMessage(challenge: Uint8Array): Uint8Array {
  const message = new Uint8Array(DOMAIN.length + challenge.length)
  message.set(DOMAIN)
  message.set(challenge, DOMAIN.length)
  return message
}
