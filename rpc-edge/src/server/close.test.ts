import { describe, expect, it } from 'vitest'
import { ListenError } from '../errors/index.ts'
import { openSocket, post, startTestServer } from './rpcTestSupport.ts'

describe('RpcServer.close', () => {
  it('closes WebSockets with 1001 and stops answering HTTP', async () => {
    const server = await startTestServer()
    const socket = await openSocket(server.wsUrl)
    expect((await post(server.url, { jsonrpc: '2.0', id: 1, method: 'eth_chainId' })).status).toBe(200)
    await server.close()
    expect(await socket.closed).toEqual({ code: 1001, reason: 'server shutting down' })
    await expect(post(server.url, { jsonrpc: '2.0', id: 1, method: 'eth_chainId' })).rejects.toThrow()
    await server.close() // idempotent
  })

  it('refuses a port another server holds instead of sharing it (uWebSockets.js reuses ports by default)', async () => {
    const first = await startTestServer()
    try {
      await expect(startTestServer({ config: { port: first.port } })).rejects.toBeInstanceOf(ListenError)
    } finally {
      await first.close()
    }
  })
})
