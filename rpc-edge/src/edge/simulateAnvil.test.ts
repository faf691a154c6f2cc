import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil } from '../bench/peers/anvilPeer.ts'
import type { PeerProcess } from '../bench/peers/peerProcess.ts'
import { rawRpc, startTestEdge, type TestEdge } from './edgeTestSupport.ts'

type Json = Record<string, unknown>

const FUNDED = '0xc000000000000000000000000000000000000000'
const PAYEE = '0xc100000000000000000000000000000000000000'
const REVERTER = '0x00000000000000000000000000000000000000b2'

/** Only state overrides, so both chains run it from their own genesis alike. */
const REQUEST = {
  traceTransfers: true,
  blockStateCalls: [
    {
      stateOverrides: { [FUNDED]: { balance: '0x3e8' }, [REVERTER]: { code: '0x60006000fd' } },
      calls: [
        { from: FUNDED, to: PAYEE, value: '0x3e8' },
        { from: FUNDED, to: REVERTER },
      ],
    },
    { calls: [{ from: PAYEE, to: FUNDED, value: '0x1' }] },
  ],
}

let edge: TestEdge
let anvil: PeerProcess

beforeAll(async () => {
  ;[edge, anvil] = await Promise.all([startTestEdge(), startAnvil()])
}, 60_000)

afterAll(async () => {
  anvil?.close()
  await edge?.close()
})

async function simulate(url: string) {
  const { result, error } = await rawRpc(url, 'eth_simulateV1', [REQUEST, 'latest'])
  expect(error).toBeUndefined()
  return result as (Json & { calls: (Json & { logs: Json[] })[] })[]
}

describe('eth_simulateV1 beside anvil', () => {
  it('answers the same request with anvil’s fields, calls, logs and gas', async () => {
    const [ours, theirs] = await Promise.all([simulate(edge.edge.url), simulate(anvil.url)])
    expect(ours).toHaveLength(theirs.length)
    for (const [i, block] of ours.entries()) {
      const reference = theirs[i]!
      expect(Object.keys(block)).toEqual(expect.arrayContaining(Object.keys(reference)))
      expect(block.calls.map((call) => [call.status, call.gasUsed, call.returnData])).toEqual(
        reference.calls.map((call) => [call.status, call.gasUsed, call.returnData]),
      )
      for (const [j, call] of block.calls.entries()) {
        const other = reference.calls[j]!
        expect(Object.keys(call).sort()).toEqual(Object.keys(other).sort())
        expect(call.logs.map(({ address, topics, data }) => ({ address, topics, data }))).toEqual(
          other.logs.map(({ address, topics, data }) => ({ address, topics, data })),
        )
        for (const [k, log] of call.logs.entries()) {
          expect(Object.keys(log).sort()).toEqual(Object.keys(other.logs[k]!).sort())
        }
      }
    }
    // Where anvil strays from geth and the spec, rtevm follows geth: a revert is code 3, "execution reverted".
    expect(ours[0]!.calls[1]!.error).toEqual({ code: 3, message: 'execution reverted', data: '0x' })
    expect(theirs[0]!.calls[1]!.error).toEqual({ code: -3200, message: 'execution failed' })
  })
})
