import { generateKeyPairSync, verify } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ErrorCode } from '@rtevm/protocol'
import { afterAll, expect, it } from 'vitest'
import { readLinkKey } from './linkKey.ts'

const dir = mkdtempSync(join(tmpdir(), 'rtevm-link-key-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function write(name: string, text: string): string {
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}

it('reads a PEM Ed25519 private key: its raw public key, and signatures that verify with it', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const key = readLinkKey(write('edge.pem', privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()))
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32)
  expect(Buffer.from(key.publicKey).equals(raw)).toBe(true)
  const message = new TextEncoder().encode('challenge')
  expect(verify(null, message, publicKey, key.sign(message))).toBe(true)
})

it('refuses a missing file, a file that is not a key, and a key of another kind', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
  const cases: [string, string][] = [
    [join(dir, 'absent.pem'), 'cannot read the link key file'],
    [write('text.pem', 'hello'), 'is not a PEM private key'],
    [
      write('ec.pem', ec.export({ format: 'pem', type: 'pkcs8' }).toString()),
      'is a ec key; the link takes Ed25519',
    ],
  ]
  for (const [file, message] of cases) {
    expect(() => readLinkKey(file)).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidConfig, message: expect.stringContaining(message) }),
    )
  }
})
