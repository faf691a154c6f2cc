import { generateKeyPairSync } from 'node:crypto'
import {
  type Attestation,
  ErrorCode,
  encodeLinkRequest,
  LINK_ROLES,
  type LinkRole,
  linkAuthMessage,
  type RtevmError,
} from '@rtevm/protocol'
import { hexToBytes } from 'viem'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEVNET_VERIFIER_KEY } from '../config/index.ts'
import { createAttestationSigner } from '../finality/index.ts'
import { hexFromBytes } from '../state/index.ts'
import { LinkCloseCode } from './closeCodes.ts'
import { createLinkClient } from './createLinkClient.ts'
import { createLinkServer, type LinkServer } from './createLinkServer.ts'
import type { LinkClient } from './LinkClient.ts'
import { type LinkKey, linkKeyFromPrivateKey } from './linkKey.ts'
import { openRawPeer, type RawPeer, startTestChain, type TestChain, WAIT } from './linkTestSupport.ts'

const newKey = (): LinkKey => linkKeyFromPrivateKey(generateKeyPairSync('ed25519').privateKey)

/** A peer per role holding that role alone, and one listed with no role. */
type Holder = LinkRole | 'none'
const HOLDERS: Holder[] = [...LINK_ROLES, 'none']
const keys = Object.fromEntries(HOLDERS.map((holder) => [holder, newKey()])) as Record<Holder, LinkKey>
const peers = HOLDERS.map((holder) => ({
  name: `peer-${holder}`,
  publicKey: keys[holder].publicKey,
  roles: holder === 'none' ? [] : [holder],
}))

const clients: LinkClient[] = []
const rawPeers: RawPeer[] = []

function connect(url: string, key?: LinkKey, errors: RtevmError[] = []): LinkClient {
  const client = createLinkClient({ url, key, reconnect: false, onError: (error) => errors.push(error) })
  clients.push(client)
  return client
}

async function raw(url: string): Promise<RawPeer> {
  const peer = await openRawPeer(url)
  rawPeers.push(peer)
  return peer
}

afterEach(async () => {
  for (const peer of rawPeers.splice(0)) peer.ws.terminate()
  await Promise.all(clients.splice(0).map((client) => client.close()))
})

describe('a link with a peers file', () => {
  let chain: TestChain
  let server: LinkServer
  let attestation: Attestation
  // Built once, so a refused attempt does not move the local nonces: only the allowed attempt sends them.
  let signedTx: Uint8Array
  let impersonatedTx: Uint8Array
  let impersonated: Uint8Array
  const target = hexToBytes('0x00000000000000000000000000000000000000aa')

  beforeAll(async () => {
    // No block timer: every change to the stream below comes from an operation the test sent.
    chain = await startTestChain({ blockIntervalMs: 2 ** 31 - 1 })
    await chain.submitSequential(1, 0)
    const block = await chain.sequencer.sealBlock()
    attestation = createAttestationSigner(hexToBytes(DEVNET_VERIFIER_KEY)).sign({
      blockNumber: block.header.number,
      blockHash: block.hash,
      stateRoot: block.header.stateRoot,
      receiptsRoot: block.header.receiptsRoot,
      ok: true,
    })
    impersonated = hexToBytes(chain.sequencer.devAccounts[3].address)
    await chain.sequencer.dev({ op: 'impersonate', address: impersonated })
    signedTx = chain.transfer(1)
    impersonatedTx = chain.transfer(3)
    server = await createLinkServer({
      config: { ...chain.sequencer.config.link, peers },
      backend: chain.sequencer,
    })
  })

  afterAll(async () => {
    await server?.close()
    await chain?.sequencer.close()
  })

  /** Everything a refused request could have changed. */
  function observable() {
    const { state, events } = chain.sequencer
    const account = (address: Uint8Array) => state.getAccount(hexFromBytes(address))
    return {
      head: events.head(),
      target: account(target)?.balance ?? 0n,
      sender: account(hexToBytes(chain.sequencer.devAccounts[1].address))?.nonce,
      impersonated: account(impersonated)?.nonce,
    }
  }

  const operations: { name: string; role: LinkRole; run(client: LinkClient): Promise<unknown> }[] = [
    { name: 'getGenesis', role: 'follow', run: (client) => client.genesis() },
    { name: 'getWitness', role: 'follow', run: (client) => client.witness(1n) },
    { name: 'submitTx', role: 'submit', run: (client) => client.submit(signedTx) },
    { name: 'attest', role: 'attest', run: (client) => client.attest(attestation) },
    {
      name: 'dev',
      role: 'privileged',
      run: (client) => client.dev({ op: 'setBalance', address: target, value: 5n }),
    },
    { name: 'submitAs', role: 'privileged', run: (client) => client.submitAs(impersonated, impersonatedTx) },
  ]

  for (const holder of HOLDERS) {
    for (const operation of operations) {
      const allowed = holder === operation.role
      it(`${holder}: ${operation.name} is ${allowed ? 'allowed' : 'refused, and nothing changes'}`, async () => {
        const client = connect(server.url, keys[holder])
        await client.ready()
        const before = observable()
        if (allowed) {
          await expect(operation.run(client)).resolves.toBeDefined()
          return
        }
        const refused = await operation.run(client).then(
          () => undefined,
          (error: RtevmError) => error,
        )
        expect(refused).toMatchObject({ code: ErrorCode.Forbidden, retryable: false })
        expect(refused?.message).toContain(`${operation.name} needs the link role ${operation.role}`)
        expect(refused?.message).toContain(`peer-${holder} holds ${holder === 'none' ? 'no role' : holder}`)
        expect(observable()).toEqual(before)
        // The connection stays open: the next request is answered on it, not failed as LINK_CLOSED.
        const next = client.genesis().then(
          () => 'answered',
          (error: RtevmError) => error.code,
        )
        await expect(next).resolves.toBe(holder === 'follow' ? 'answered' : ErrorCode.Forbidden)
        expect(server.connections()).toBe(1)
      })
    }
  }

  it('the allowed operations took effect', () => {
    const { state } = chain.sequencer
    expect(state.getAccount(hexFromBytes(target))?.balance).toBe(5n)
    expect(state.getAccount(chain.sequencer.devAccounts[1].address.slice(2).toLowerCase())?.nonce).toBe(1n)
    expect(state.getAccount(hexFromBytes(impersonated))?.nonce).toBe(1n)
  })

  for (const holder of HOLDERS) {
    const allowed = holder === 'follow'
    it(`${holder}: subscribe ${allowed ? 'streams the log' : 'is refused and the client stops'}`, async () => {
      const errors: RtevmError[] = []
      let received = 0
      const client = createLinkClient({
        url: server.url,
        key: keys[holder],
        fromSeq: 1n,
        reconnect: false,
        onEvent: () => received++,
        onError: (error) => errors.push(error),
      })
      clients.push(client)
      if (allowed) {
        await vi.waitFor(() => expect(client.lastSeq()).toBe(chain.sequencer.events.head()), WAIT)
        return
      }
      await vi.waitFor(() => expect(errors.map((error) => error.code)).toContain(ErrorCode.Forbidden), WAIT)
      await expect(client.ready()).rejects.toMatchObject({ code: ErrorCode.Forbidden })
      expect(received).toBe(0)
    })
  }

  it('a connection that never authenticates holds no role, gets typed refusals, and stays open', async () => {
    const before = observable()
    const peer = await raw(server.url)
    peer.ws.send(encodeLinkRequest({ kind: 'subscribe', fromSeq: 1n }))
    peer.ws.send(encodeLinkRequest({ kind: 'getGenesis', id: 1 }))
    peer.ws.send(
      encodeLinkRequest({ kind: 'dev', id: 2, command: { op: 'mine', blocks: 1n, intervalSeconds: 0n } }),
    )
    await vi.waitFor(() => expect(peer.frames).toHaveLength(3), WAIT)
    expect(peer.frames.map((frame) => [frame.kind, 'code' in frame ? frame.code : undefined])).toEqual([
      ['error', ErrorCode.Forbidden],
      ['txRejected', ErrorCode.Forbidden],
      ['txRejected', ErrorCode.Forbidden],
    ])
    expect(observable()).toEqual(before)
    expect(peer.ws.readyState).toBe(peer.ws.OPEN)
    expect(server.connections()).toBe(1)
  })

  it('a client without a key gets the same refusal through the client API', async () => {
    const client = connect(server.url)
    await client.ready()
    await expect(client.dev({ op: 'mine', blocks: 1n, intervalSeconds: 0n })).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
      message: expect.stringContaining('did not authenticate: give the client its key (--link-key)'),
    })
  })

  it('refuses a key that is not in the peers file: the client stops with UNAUTHORIZED', async () => {
    const errors: RtevmError[] = []
    const client = connect(server.url, newKey(), errors)
    await expect(client.ready()).rejects.toMatchObject({ code: ErrorCode.Unauthorized })
    expect(errors[0]?.message).toContain('not in the link peers file')
  })

  it('refuses a signature by another key, with 4004', async () => {
    const peer = await raw(server.url)
    peer.ws.send(encodeLinkRequest({ kind: 'authChallenge' }))
    await vi.waitFor(() => expect(peer.frames).toHaveLength(1), WAIT)
    const challenge = peer.frames[0].kind === 'challenge' ? peer.frames[0].challenge : new Uint8Array(32)
    const signature = newKey().sign(linkAuthMessage(challenge))
    peer.ws.send(encodeLinkRequest({ kind: 'authenticate', publicKey: keys.privileged.publicKey, signature }))
    expect((await peer.closed).code).toBe(LinkCloseCode.Unauthorized)
    expect(peer.frames[1]).toMatchObject({ kind: 'error', code: ErrorCode.Unauthorized })
  })

  it('refuses a signature over another challenge (a replay), and one sent without a challenge', async () => {
    const replayed = keys.privileged.sign(linkAuthMessage(new Uint8Array(32).fill(9)))
    const publicKey = keys.privileged.publicKey
    const early = await raw(server.url)
    early.ws.send(encodeLinkRequest({ kind: 'authenticate', publicKey, signature: replayed }))
    expect((await early.closed).code).toBe(LinkCloseCode.Unauthorized)
    expect(early.frames[0]).toMatchObject({ kind: 'error', code: ErrorCode.Unauthorized })

    const late = await raw(server.url)
    late.ws.send(encodeLinkRequest({ kind: 'authChallenge' }))
    await vi.waitFor(() => expect(late.frames).toHaveLength(1), WAIT)
    late.ws.send(encodeLinkRequest({ kind: 'authenticate', publicKey, signature: replayed }))
    expect((await late.closed).code).toBe(LinkCloseCode.Unauthorized)
    expect(late.frames[1]).toMatchObject({ kind: 'error', code: ErrorCode.Unauthorized })
  })
})

describe('an open link (no peers file)', () => {
  let chain: TestChain | undefined
  let server: LinkServer | undefined

  afterEach(async () => {
    await server?.close()
    await chain?.sequencer.close()
    server = undefined
    chain = undefined
  })

  it('on loopback, gives every connection every role, with or without a key', async () => {
    chain = await startTestChain()
    server = await createLinkServer({ config: chain.sequencer.config.link, backend: chain.sequencer })
    const address = hexToBytes('0x00000000000000000000000000000000000000bb')
    for (const key of [undefined, newKey()]) {
      const client = connect(server.url, key)
      await expect(client.genesis()).resolves.toMatchObject({ chainId: chain.sequencer.config.chainId })
      await expect(client.submit(chain.transfer())).resolves.toMatchObject({ receipt: { status: 1 } })
      await expect(client.dev({ op: 'setBalance', address, value: 7n })).resolves.toBeDefined()
    }
    expect(chain.sequencer.state.getAccount(hexFromBytes(address))?.balance).toBe(7n)
  })

  it('refuses to start beyond loopback, in one line naming the flag', async () => {
    chain = await startTestChain()
    for (const host of ['0.0.0.0', '::', '192.0.2.1']) {
      const config = { ...chain.sequencer.config.link, host }
      const refused = await createLinkServer({ config, backend: chain.sequencer }).then(
        () => undefined,
        (error: RtevmError) => error,
      )
      expect(refused).toMatchObject({ code: ErrorCode.InvalidConfig })
      expect(refused?.message).not.toContain('\n')
      expect(refused?.message).toContain(`refusing to open the link on ${host} without credentials`)
      expect(refused?.message).toContain('--link-peers')
    }
  })
})
