import { MessageChannel, type MessagePort, receiveMessageOnPort } from 'node:worker_threads'

/** A link peer's signing key (node's `LinkKey`), as far as the link client uses it. */
export type SigningKey = { readonly publicKey: Uint8Array; sign(message: Uint8Array): Uint8Array }

/** What a worker needs to sign with a key that stays on the edge's thread. */
export type LentKey = { publicKey: Uint8Array; port: MessagePort; signal: Int32Array }

/** How long a worker waits for the edge's thread to sign a link challenge. */
const SIGN_TIMEOUT_MS = 5_000

/**
 * Lends `key` to one worker without copying the private key across threads: the worker's
 * `sign` asks this thread over a port and blocks until the signature is back (signing
 * happens once per link connection, to answer its challenge). Transfer `lent.port`.
 */
export function lendLinkKey(key: SigningKey): { lent: LentKey; close(): void } {
  const { port1, port2 } = new MessageChannel()
  const signal = new Int32Array(new SharedArrayBuffer(4))
  port1.on('message', (message: Uint8Array) => {
    port1.postMessage(key.sign(message))
    Atomics.store(signal, 0, 1)
    Atomics.notify(signal, 0)
  })
  port1.unref()
  return { lent: { publicKey: key.publicKey, port: port2, signal }, close: () => port1.close() }
}

/** The worker's side of `lendLinkKey`: a synchronous `sign`, as the link client calls it. */
export function borrowLinkKey(lent: LentKey): SigningKey {
  return {
    publicKey: lent.publicKey,
    sign(message) {
      Atomics.store(lent.signal, 0, 0)
      lent.port.postMessage(message)
      Atomics.wait(lent.signal, 0, 0, SIGN_TIMEOUT_MS)
      const reply = receiveMessageOnPort(lent.port)
      if (reply === undefined)
        throw new RangeError("the edge's thread did not sign the link challenge in time")
      return reply.message as Uint8Array
    },
  }
}
