import { ErrorCode } from '@rtevm/protocol'
import { describe, expect, it } from 'vitest'
import { parseLinkPeers } from './linkPeers.ts'

const KEY = 'ab'.repeat(32)
const parse = (peers: unknown) => parseLinkPeers(JSON.stringify(peers), 'peers.json')

describe('parseLinkPeers', () => {
  it('reads names, hex public keys (0x optional) and roles', () => {
    const peers = parse([
      { name: 'edge-1', key: KEY, roles: ['follow', 'submit'] },
      { name: 'verifier', key: `0x${'CD'.repeat(32)}`, roles: ['follow', 'attest'] },
    ])
    expect(peers).toEqual([
      { name: 'edge-1', publicKey: new Uint8Array(32).fill(0xab), roles: ['follow', 'submit'] },
      { name: 'verifier', publicKey: new Uint8Array(32).fill(0xcd), roles: ['follow', 'attest'] },
    ])
  })

  it.each([
    ['not JSON', '[{', 'is not valid JSON'],
    ['not an array', JSON.stringify({ name: 'x' }), 'must hold a JSON array'],
    ['a missing name', JSON.stringify([{ key: KEY, roles: [] }]), 'peer 0: "name"'],
    ['a short key', JSON.stringify([{ name: 'x', key: 'abcd', roles: [] }]), 'Ed25519 public key in hex'],
    [
      'an unknown role',
      JSON.stringify([{ name: 'x', key: KEY, roles: ['admin'] }]),
      '"roles" must be a list',
    ],
    [
      'a key listed twice',
      JSON.stringify([
        { name: 'a', key: KEY, roles: [] },
        { name: 'b', key: KEY.toUpperCase(), roles: [] },
      ]),
      'peer 1 (b): its key is listed twice',
    ],
  ])('refuses %s with a typed error naming the file', (_, text, message) => {
    expect(() => parseLinkPeers(text, 'peers.json')).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidConfig, message: expect.stringContaining(message) }),
    )
    expect(() => parseLinkPeers(text, 'peers.json')).toThrow(/peers\.json/)
  })
})
