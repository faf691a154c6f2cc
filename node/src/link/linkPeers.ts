import { readFileSync } from 'node:fs'
import { LINK_ROLES, type LinkRole } from '@rtevm/protocol'
import type { LinkPeer } from '../config/index.ts'
import { LinkConfigError } from './errors.ts'

const PUBLIC_KEY_HEX = /^(0x)?[0-9a-fA-F]{64}$/

/**
 * Parses a peers file: a JSON array of `{ "name", "key", "roles" }`, where
 * `key` is a peer's raw Ed25519 public key in hex and `roles` a list of
 * follow, submit, attest, privileged. `source` names the file in errors.
 */
export function parseLinkPeers(text: string, source: string): LinkPeer[] {
  let entries: unknown
  try {
    entries = JSON.parse(text)
  } catch (error) {
    throw new LinkConfigError(`${source} is not valid JSON`, { cause: error })
  }
  if (!Array.isArray(entries)) throw new LinkConfigError(`${source} must hold a JSON array of peers`)
  const seen = new Set<string>()
  return entries.map((entry: unknown, i) => {
    const where = `${source}, peer ${i}`
    const { name, key, roles } = (entry ?? {}) as Record<string, unknown>
    if (typeof name !== 'string' || name === '')
      throw new LinkConfigError(`${where}: "name" must be a non-empty string`)
    if (typeof key !== 'string' || !PUBLIC_KEY_HEX.test(key))
      throw new LinkConfigError(`${where} (${name}): "key" must be a 32-byte Ed25519 public key in hex`)
    const hex = key.replace(/^0x/, '').toLowerCase()
    if (seen.has(hex)) throw new LinkConfigError(`${where} (${name}): its key is listed twice`)
    seen.add(hex)
    if (!Array.isArray(roles) || !roles.every((role) => LINK_ROLES.includes(role as LinkRole)))
      throw new LinkConfigError(`${where} (${name}): "roles" must be a list of ${LINK_ROLES.join(', ')}`)
    return { name, publicKey: new Uint8Array(Buffer.from(hex, 'hex')), roles: roles as LinkRole[] }
  })
}

/** Reads and parses a peers file (see `parseLinkPeers`). */
export function readLinkPeers(file: string): LinkPeer[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new LinkConfigError(`cannot read the link peers file ${file}`, { cause: error })
  }
  return parseLinkPeers(text, file)
}
