import { createServer } from 'node:net'

/**
 * A TCP port free on 127.0.0.1 right now (the OS picks it), for tests and
 * benchmarks that start servers on fixed ports. A server meant to be restarted
 * on the same port must bind a fixed one: uSockets sets SO_REUSEADDR only when
 * the port is not 0, and without it the old connections' TIME_WAIT blocks the
 * new bind.
 */
export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const address = probe.address()
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new TypeError('no TCP address')
  return address.port
}
