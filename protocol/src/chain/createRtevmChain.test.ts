import { createPublicClient, http, webSocket } from 'viem'
import { expect, test } from 'vitest'
import { createRtevmChain } from './createRtevmChain.ts'
import { rtevmDevnet } from './rtevmDevnet.ts'
import { rtevmPollingIntervalMs } from './rtevmPollingIntervalMs.ts'

test('the devnet matches the documented defaults', () => {
  expect(rtevmDevnet).toMatchObject({
    id: 31337,
    name: 'rtevm devnet',
    nativeCurrency: { symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: ['http://127.0.0.1:8545'], webSocket: ['ws://127.0.0.1:8545'] } },
    blockTime: 1,
  })
})

test('a custom HTTP endpoint implies the WebSocket one on the same port', () => {
  expect(createRtevmChain({ rpcUrl: 'https://edge.example:9545' }).rpcUrls.default).toStrictEqual({
    http: ['https://edge.example:9545'],
    webSocket: ['wss://edge.example:9545'],
  })
  expect(
    createRtevmChain({ rpcUrl: 'http://10.0.0.5:9545', wsUrl: 'ws://10.0.0.5:9546', chainId: 4242 }),
  ).toMatchObject({
    id: 4242,
    rpcUrls: { default: { http: ['http://10.0.0.5:9545'], webSocket: ['ws://10.0.0.5:9546'] } },
  })
})

test('viem clients accept the chain and the recommended polling interval', () => {
  const client = createPublicClient({
    chain: rtevmDevnet,
    transport: http(),
    pollingInterval: rtevmPollingIntervalMs,
  })
  expect(client.chain.id).toBe(31337)
  expect(client.pollingInterval).toBe(10)
  // No socket is opened until a request is made.
  expect(createPublicClient({ chain: rtevmDevnet, transport: webSocket() }).transport.type).toBe('webSocket')
})
