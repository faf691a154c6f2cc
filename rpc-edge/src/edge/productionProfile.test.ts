import {
  createLinkServer,
  createSequencer,
  defineConfig,
  type LinkServer,
  type Sequencer,
  sequencerProfileInput,
} from '@rtevm/node'
import { deploymentProfiles, ProfileError } from '@rtevm/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { post } from '../server/rpcTestSupport.ts'
import { createEdge, type Edge } from './createEdge.ts'
import { testChainConfig, testDevAccounts } from './edgeTestSupport.ts'

const APP = 'https://app.example'
// A key's bucket that never refills within the test: each refusal below is certain.
const COST_KEY = 'key-cost'
const OTHER_KEY = 'key-other'
const KEY_BURST = 10

let sequencer: Sequencer
let link: LinkServer
let edge: Edge

beforeAll(async () => {
  // Both sides under the production profile, as RTEVM_PROFILE=production runs them.
  const config = defineConfig({ ...testChainConfig, ...sequencerProfileInput(deploymentProfiles.production) })
  sequencer = await createSequencer(config)
  link = await createLinkServer({ config: config.link, backend: sequencer })
  edge = await createEdge({
    profile: 'production',
    rpc: {
      port: 0,
      corsOrigin: APP,
      apiKeys: [COST_KEY, OTHER_KEY],
      keyRequestsPerSecond: 0.001,
      keyRequestBurst: KEY_BURST,
    },
    sequencerUrl: link.url,
  })
  await edge.whenReady()
})
afterAll(async () => {
  await edge?.close()
  await link?.close()
  await sequencer?.close()
})

type Answer = { id: number; result?: unknown; error?: { code: number; message: string; data?: unknown } }

async function rpc(method: string, params: unknown[] = [], headers: Record<string, string> = {}) {
  const { json } = await post(
    edge.url,
    { jsonrpc: '2.0', id: 1, method, params },
    { 'content-type': 'application/json', ...headers },
  )
  return json as Answer
}

describe('the production profile at the edge', () => {
  it.each([
    ['anvil_mine', []],
    ['evm_snapshot', []],
    ['hardhat_impersonateAccount', [testDevAccounts[0].address]],
    ['anvil_setBalance', [testDevAccounts[0].address, '0x1']],
  ])('does not serve the dev method %s', async (method, params) => {
    expect((await rpc(method, params)).error?.code).toBe(-32601)
  })

  it('holds no unlocked accounts', async () => {
    const from = testDevAccounts[0].address
    expect((await rpc('eth_accounts')).result).toEqual([])
    const send = await rpc('eth_sendTransaction', [{ from, to: testDevAccounts[1].address, value: '0x1' }])
    expect(send.error).toMatchObject({ code: -32000, message: expect.stringMatching(/unknown account/) })
    const sign = await rpc('eth_sign', [from, '0x68656c6c6f'])
    expect(sign.error).toMatchObject({ code: -32000, message: expect.stringMatching(/unknown account/) })
    expect((await rpc('web3_clientVersion')).result).not.toMatch(/^anvil/)
  })

  it('answers browsers from the configured origins only', async () => {
    const from = async (origin: string) =>
      (
        await post(
          edge.url,
          { jsonrpc: '2.0', id: 1, method: 'eth_chainId' },
          { 'content-type': 'application/json', origin },
        )
      ).headers.get('access-control-allow-origin')
    expect(await from(APP)).toBe(APP)
    expect(await from('https://elsewhere.example')).toBeNull()
  })

  it('tightens the limits: batches of more than 100 are refused', async () => {
    const batch = Array.from({ length: 101 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'eth_chainId' }))
    const { json } = await post(edge.url, batch)
    expect((json as Answer).error?.code).toBe(-32005)
  })

  it('charges eth_call by the gas it may burn', async () => {
    const headers = { 'x-api-key': COST_KEY }
    const call = [{ to: testDevAccounts[1].address, data: '0x' }, 'latest']
    // No gas given: the 50M gas cap, 1 + 5 units of a burst of 10.
    expect((await rpc('eth_call', call, headers)).result).toBe('0x')
    const refused = await rpc('eth_call', call, headers)
    expect(refused.error).toMatchObject({
      code: -32005,
      data: { limit: 'cost', retryAfterMs: expect.any(Number) },
    })
    // The four units left still buy four plain calls, then nothing.
    for (let i = 0; i < KEY_BURST - 6; i++)
      expect((await rpc('eth_blockNumber', [], headers)).error).toBeUndefined()
    expect((await rpc('eth_blockNumber', [], headers)).error?.data).toMatchObject({ limit: 'rate' })
    // Another client is unaffected, and the refusals are counted.
    expect((await rpc('eth_call', call, { 'x-api-key': OTHER_KEY })).result).toBe('0x')
    const metrics = await (await fetch(`${edge.url}/metrics`)).text()
    expect(metrics).toMatch(/^rtevm_edge_limited_total\{limit="cost"\} [1-9]/m)
    expect(metrics).toMatch(/^rtevm_edge_limited_total\{limit="rate"\} [1-9]/m)
  })
})

describe('refusing to start', () => {
  it('refuses a devnet edge beyond loopback, in one line saying what to configure', async () => {
    const started = createEdge({ rpc: { host: '0.0.0.0', port: 0 }, sequencerUrl: 'ws://127.0.0.1:9' })
    await expect(started).rejects.toBeInstanceOf(ProfileError)
    await expect(started).rejects.toThrow(
      /^refusing to bind 0\.0\.0\.0 with dev methods \(.*\) and unlocked dev accounts on: use --profile production/,
    )
  })

  it('refuses the production profile without explicit CORS origins', async () => {
    await expect(
      createEdge({ profile: 'production', rpc: { port: 0 }, sequencerUrl: 'ws://127.0.0.1:9' }),
    ).rejects.toThrow(
      'the production profile needs explicit CORS origins: set --cors-origin (RTEVM_RPC_CORS_ORIGIN)',
    )
  })
})
