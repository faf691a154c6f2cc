import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ErrorCode, type RtevmError } from '@rtevm/protocol'
import { afterEach, expect, it } from 'vitest'
import { createLinkClient } from './createLinkClient.ts'
import { createLinkServer, type LinkServer } from './createLinkServer.ts'
import type { LinkClient } from './LinkClient.ts'
import { linkKeyFromPrivateKey } from './linkKey.ts'
import { startTestChain, type TestChain } from './linkTestSupport.ts'

// A self-signed certificate for 127.0.0.1 and localhost, valid until 2126, made for this test only.
const certFile = fileURLToPath(new URL('./tlsFixture/cert.pem', import.meta.url))
const keyFile = fileURLToPath(new URL('./tlsFixture/key.pem', import.meta.url))

let chain: TestChain | undefined
let server: LinkServer | undefined
const clients: LinkClient[] = []

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()))
  await server?.close()
  await chain?.sequencer.close()
  server = undefined
  chain = undefined
})

it('serves wss:// with the operator certificate; a client trusting it authenticates, holding its roles only', async () => {
  chain = await startTestChain()
  const key = linkKeyFromPrivateKey(generateKeyPairSync('ed25519').privateKey)
  const peers = [{ name: 'edge-1', publicKey: key.publicKey, roles: ['follow' as const] }]
  const tls = { certFile, keyFile }
  server = await createLinkServer({
    config: { ...chain.sequencer.config.link, peers, tls },
    backend: chain.sequencer,
  })
  expect(server.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/)

  const ca = readFileSync(certFile, 'utf8')
  const trusted = createLinkClient({ url: server.url, key, ca, reconnect: false })
  clients.push(trusted)
  await expect(trusted.genesis()).resolves.toMatchObject({ chainId: chain.sequencer.config.chainId })
  await expect(trusted.submit(chain.transfer())).rejects.toMatchObject({ code: ErrorCode.Forbidden })

  // Without the CA the certificate is not trusted: the connection never opens.
  const errors: RtevmError[] = []
  const untrusted = createLinkClient({
    url: server.url,
    key,
    reconnect: false,
    onError: (e) => errors.push(e),
  })
  clients.push(untrusted)
  await expect(untrusted.ready()).rejects.toMatchObject({ code: ErrorCode.LinkClosed })
  expect(errors[0]?.message).toMatch(/self-signed certificate/)
})

it('refuses TLS with a missing file or half of the pair, before binding', async () => {
  chain = await startTestChain()
  const link = chain.sequencer.config.link
  const start = (tls: { certFile: string; keyFile: string }) =>
    createLinkServer({ config: { ...link, tls }, backend: chain!.sequencer })
  await expect(start({ certFile, keyFile: '' })).rejects.toMatchObject({
    code: ErrorCode.InvalidConfig,
    message: expect.stringContaining('needs both --link-tls-cert and --link-tls-key'),
  })
  await expect(start({ certFile, keyFile: `${keyFile}.missing` })).rejects.toMatchObject({
    code: ErrorCode.InvalidConfig,
    message: expect.stringContaining('cannot read the --link-tls-key file'),
  })
  await expect(start({ certFile: keyFile, keyFile: certFile })).rejects.toMatchObject({
    code: ErrorCode.InvalidConfig,
    message: expect.stringContaining('not a usable PEM pair'),
  })
})
