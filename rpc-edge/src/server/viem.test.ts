import { createPublicClient, http, webSocket } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RpcServer } from './createRpcServer.ts'
import { startTestServer } from './rpcTestSupport.ts'

let server: RpcServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

describe('viem against the edge', () => {
  it('getChainId over http()', async () => {
    const client = createPublicClient({ transport: http(server.url) })
    expect(await client.getChainId()).toBe(31337)
  })

  it('batches over http({ batch: true })', async () => {
    const client = createPublicClient({ transport: http(server.url, { batch: true }) })
    const ids = await Promise.all([client.getChainId(), client.getChainId(), client.getChainId()])
    expect(ids).toEqual([31337, 31337, 31337])
  })

  it('getChainId over webSocket()', async () => {
    const transport = webSocket(server.wsUrl)
    const client = createPublicClient({ transport })
    expect(await client.getChainId()).toBe(31337)
    const { socket } = await client.transport.getRpcClient()
    socket.close()
  })

  it('reports a JSON-RPC error through viem with its code', async () => {
    const client = createPublicClient({ transport: http(server.url, { retryCount: 0 }) })
    await expect(
      client.request({ method: 'web3_sha3', params: ['nothex' as `0x${string}`] }),
    ).rejects.toMatchObject({
      code: -32602,
    })
  })
})
