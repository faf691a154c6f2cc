import { createPublicKey, type KeyObject, verify } from 'node:crypto'
import {
  ALL_LINK_ROLE_BITS,
  type LinkRequest,
  type LinkRole,
  linkAuthMessage,
  linkRoleBit,
  linkRoleBits,
} from '@rtevm/protocol'
import type { LinkConfig } from '../config/index.ts'
import { LinkUnauthorizedError } from './errors.ts'

/** The role each request needs; authentication itself needs none. */
export const REQUIRED_ROLE: Readonly<Record<LinkRequest['kind'], LinkRole | undefined>> = {
  subscribe: 'follow',
  getWitness: 'follow',
  getGenesis: 'follow',
  submitTx: 'submit',
  attest: 'attest',
  submitAs: 'privileged',
  dev: 'privileged',
  authChallenge: undefined,
  authenticate: undefined,
}

/** Who may do what on one link server; decided once per connection, checked per request as a bit test. */
export type LinkAccess = {
  /** Role bits of a connection that has not authenticated: all of them on an open link, none otherwise. */
  readonly initialRoles: number
  /**
   * The peer whose key signed `linkAuthMessage(challenge)`, and its role bits;
   * throws `LinkUnauthorizedError` for an unknown key or a bad signature.
   */
  authenticate(
    publicKey: Uint8Array,
    signature: Uint8Array,
    challenge: Uint8Array,
  ): { peer: string; roles: number }
}

type KnownPeer = { name: string; key: KeyObject; roles: number }

/**
 * The access rules of a link server from its peers. Without peers the link
 * is open: every connection holds every role (`checkLinkConfig` allows that
 * on a loopback host only).
 */
export function createLinkAccess(peers: LinkConfig['peers']): LinkAccess {
  if (!peers) {
    return {
      initialRoles: ALL_LINK_ROLE_BITS,
      // A client holding a key works on the open devnet too.
      authenticate: () => ({ peer: 'anyone (open link)', roles: ALL_LINK_ROLE_BITS }),
    }
  }
  const known = new Map<string, KnownPeer>()
  for (const peer of peers) {
    known.set(Buffer.from(peer.publicKey).toString('hex'), {
      name: peer.name,
      key: ed25519PublicKey(peer.publicKey),
      roles: linkRoleBits(peer.roles),
    })
  }
  return {
    initialRoles: 0,
    authenticate(publicKey, signature, challenge) {
      const peer = known.get(Buffer.from(publicKey).toString('hex'))
      if (!peer) throw new LinkUnauthorizedError('this key is not in the link peers file')
      if (!verify(null, linkAuthMessage(challenge), peer.key, signature))
        throw new LinkUnauthorizedError(`the signature does not verify with ${peer.name}'s key`)
      return { peer: peer.name, roles: peer.roles }
    },
  }
}

/** Whether a role bit set includes `role`. */
export function holdsRole(roles: number, role: LinkRole): boolean {
  return (roles & linkRoleBit(role)) !== 0
}

function ed25519PublicKey(raw: Uint8Array): KeyObject {
  const x = Buffer.from(raw).toString('base64url')
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' })
}
