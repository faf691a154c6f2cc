import { accessSync, constants } from 'node:fs'
import { isLoopbackHost } from '@rtevm/protocol'
import type { LinkConfig } from '../config/index.ts'
import { LinkConfigError } from './errors.ts'

/**
 * Throws a one-line `LinkConfigError` naming the flag to set when the link
 * could not be served safely: an open link (no peers) on a host other than
 * loopback, or TLS with a file missing. `createLinkServer` runs it before
 * binding; a CLI runs it before starting anything else.
 */
export function checkLinkConfig(config: Pick<LinkConfig, 'host' | 'peers' | 'tls'>): void {
  // '' is the server's default host, 127.0.0.1.
  if (!config.peers && config.host !== '' && !isLoopbackHost(config.host))
    throw new LinkConfigError(
      `refusing to open the link on ${config.host} without credentials: set --link-peers <file> (env RTEVM_LINK_PEERS), or bind 127.0.0.1 with --host`,
    )
  if (!config.tls) return
  const files: [string, string][] = [
    ['--link-tls-cert', config.tls.certFile],
    ['--link-tls-key', config.tls.keyFile],
  ]
  for (const [flag, file] of files) {
    if (!file) throw new LinkConfigError('TLS on the link needs both --link-tls-cert and --link-tls-key')
    try {
      accessSync(file, constants.R_OK)
    } catch (error) {
      throw new LinkConfigError(`cannot read the ${flag} file ${file}`, { cause: error })
    }
  }
}
