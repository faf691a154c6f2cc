import { readFileSync } from 'node:fs'
import { type LinkClientOptions, LinkConfigError, readLinkKey } from '../link/index.ts'
import type { CliOption } from './options.ts'

/** How a full node or verifier gets onto its upstream's link: its key, and the CA of a `wss://` link. */
export type UpstreamAccess = Pick<LinkClientOptions, 'key' | 'ca'>

/** The link-client options of `rtevm fullnode` and `rtevm verifier`. */
export const linkClientOptions: CliOption<UpstreamAccess>[] = [
  {
    flag: 'link-key',
    env: 'RTEVM_LINK_KEY',
    description:
      'PEM Ed25519 private key to authenticate to the upstream link with (its peers file lists the public key)',
    kind: 'string',
    apply(access, file) {
      access.key = readLinkKey(file)
    },
  },
  {
    flag: 'link-ca',
    env: 'RTEVM_LINK_CA',
    description: 'PEM certificate to trust for a wss:// upstream link (a self-signed one)',
    kind: 'string',
    apply(access, file) {
      try {
        access.ca = readFileSync(file, 'utf8')
      } catch (error) {
        throw new LinkConfigError(`cannot read the --link-ca file ${file}`, { cause: error })
      }
    },
  },
]
