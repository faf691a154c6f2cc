import { describe, expect, it } from 'vitest'
import type { ClientLimit } from '../errors/index.ts'
import { callClient } from '../jsonrpc/index.ts'
import { createClientLimiter } from './createClientLimiter.ts'

function limiter(now = () => 0) {
  const limited: ClientLimit[] = []
  const gate = createClientLimiter({
    perIp: { ratePerSecond: 1, burst: 4 },
    perKey: { ratePerSecond: 1, burst: 8 },
    maxClients: 100,
    maxInFlight: 2,
    costOf: (method) => (method === 'eth_call' ? 3 : 1),
    onLimited: (limit) => limited.push(limit),
    now,
  })
  return { gate, limited }
}

describe('createClientLimiter', () => {
  it('admits within the bucket and counts nothing', () => {
    const { gate, limited } = limiter()
    const client = callClient('10.0.0.1', false)
    expect(gate.admit('eth_call', [], client)).toBeUndefined()
    expect(gate.admit('eth_chainId', [], client)).toBeUndefined()
    expect(client).toMatchObject({ admitted: 2, retryAfterMs: 0 })
    expect(limited).toEqual([])
  })

  it('names the limit: cost for an expensive call, rate for a plain one, with the wait', () => {
    let ms = 0
    const { gate, limited } = limiter(() => ms)
    const client = callClient('10.0.0.1', false)
    gate.admit('eth_call', [], client)
    const expensive = gate.admit('eth_call', [], client)
    expect(expensive?.data).toEqual({ limit: 'cost', retryAfterMs: 2_000 })
    expect(gate.admit('eth_chainId', [], client)).toBeUndefined()
    expect(gate.admit('eth_chainId', [], client)?.data).toEqual({ limit: 'rate', retryAfterMs: 1_000 })
    expect(limited).toEqual(['cost', 'rate'])
    expect(client.retryAfterMs).toBe(2_000)
    ms += 1_000
    expect(gate.admit('eth_chainId', [], client)).toBeUndefined()
  })

  it('gives API keys their own buckets and size', () => {
    const { gate } = limiter()
    const ip = callClient('10.0.0.1', false)
    const key = callClient('10.0.0.1', true)
    for (let i = 0; i < 4; i++) gate.admit('eth_chainId', [], ip)
    expect(gate.admit('eth_chainId', [], ip)).toBeDefined()
    for (let i = 0; i < 8; i++) expect(gate.admit('eth_chainId', [], key)).toBeUndefined()
    expect(gate.admit('eth_chainId', [], key)).toBeDefined()
    expect(gate.size()).toBe(2)
  })

  it('refuses past the calls a connection may have running, before charging', () => {
    const { gate, limited } = limiter()
    const client = callClient('10.0.0.1', false)
    client.inFlight = 2
    expect(gate.admit('eth_chainId', [], client)?.data).toMatchObject({ limit: 'concurrency' })
    client.inFlight = 1
    for (let i = 0; i < 4; i++) expect(gate.admit('eth_chainId', [], client)).toBeUndefined()
    expect(limited).toEqual(['concurrency'])
  })
})
