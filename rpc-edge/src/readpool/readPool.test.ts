import { generateKeyPairSync } from 'node:crypto'
import {
  createLinkServer,
  createSequencer,
  type LinkServer,
  linkKeyFromPrivateKey,
  type Sequencer,
} from '@rtevm/node'
import { compileTestContracts } from '@rtevm/testkit'
import { type Address, encodeFunctionData, type Hex, toHex } from 'viem'
import { sendRawTransactionSync } from 'viem/actions'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createEdge, type Edge } from '../edge/createEdge.ts'
import { rawRpc, testChainConfig, testDevAccounts, viemClients } from '../edge/edgeTestSupport.ts'
import { ReadWorkerError } from './errors.ts'

const { probe } = compileTestContracts()
// Blocks seal only when a test says so: block numbers stay pinned while answers are compared.
const chainConfig = { ...testChainConfig, blockIntervalMs: 600_000 }
const from = testDevAccounts[0].address

let sequencer: Sequencer
let link: LinkServer
const edges: Edge[] = []
const errors: unknown[] = []

async function startEdge(readWorkers: number, { inProcess = false } = {}): Promise<Edge> {
  const edge = await createEdge({
    rpc: { port: 0 },
    ...(inProcess ? { sequencer } : { sequencerUrl: link.url }),
    edge: { devMethods: chainConfig.devMethods, readWorkers },
    onError: (error) => errors.push(error),
  })
  edges.push(edge)
  await edge.whenReady()
  return edge
}

/** Until the edge's worker serves (it loads EthereumJS and replays the stream). */
async function serving(edge: Edge): Promise<void> {
  await vi.waitFor(() => expect(edge.readPool?.stats().serving).toBe(1), { timeout: 60_000, interval: 50 })
}

/** Signs `data` to `to` (or a deployment) as dev account 0 and sends it with eth_sendRawTransactionSync. */
async function sendSync(edge: Edge, request: { to?: Address; data: Hex }) {
  const { walletClient } = viemClients(edge.url)
  const prepared = await walletClient.prepareTransactionRequest({ ...request, gas: 1_000_000n })
  const serializedTransaction = await walletClient.signTransaction(prepared)
  const receipt = await sendRawTransactionSync(walletClient, { serializedTransaction })
  expect(receipt.status).toBe('success')
  return receipt
}

/** Until every edge applied the sequencer's whole stream: they then hold the same state. */
async function allCaughtUp(): Promise<void> {
  const head = sequencer.events.head()
  await vi.waitFor(() => expect(edges.every((edge) => edge.replica.lastSeq() >= head)).toBe(true))
}

beforeAll(async () => {
  sequencer = await createSequencer(chainConfig)
  link = await createLinkServer({ config: chainConfig.link, backend: sequencer })
})

afterAll(async () => {
  for (const edge of edges) await edge.close()
  await link?.close()
  await sequencer?.close()
})

describe('reads on worker threads', () => {
  let inThread: Edge
  let overLink: Edge
  let inProcess: Edge
  let probeAddress: Address

  beforeAll(async () => {
    inThread = await startEdge(0)
    overLink = await startEdge(1)
    inProcess = await startEdge(1, { inProcess: true })
    await Promise.all([serving(overLink), serving(inProcess)])
    const deployed = await sendSync(inThread, { data: probe.bytecode })
    probeAddress = deployed.contractAddress as Address
  }, 120_000)

  it('calls, estimates, access lists, simulations, logs and traces answer the same with the pool on (over the link and in-process) and off', async () => {
    // More mini-blocks than an in-thread eth_getLogs covers, each with a log.
    const bumps = []
    for (let i = 0; i < 20; i++) {
      const data = encodeFunctionData({ abi: probe.abi, functionName: 'bump', args: [toHex(`note ${i}`)] })
      bumps.push(await sendSync(inThread, { to: probeAddress, data }))
    }
    const sealed = toHex((await sequencer.sealBlock()).header.number)
    await sendSync(inThread, {
      to: probeAddress,
      data: encodeFunctionData({ abi: probe.abi, functionName: 'set', args: [1n, 42n] }),
    })
    await allCaughtUp()

    const call = (functionName: 'count' | 'bump' | 'fail', args: unknown[] = []) => ({
      from,
      to: probeAddress,
      data: encodeFunctionData({ abi: probe.abi, functionName, args } as never),
    })
    const bumpCall = call('bump', ['0x01'])
    const traced = bumps[3].transactionHash
    const requests: [string, unknown[]][] = [
      ['eth_call', [call('count'), 'latest']],
      ['eth_call', [call('count'), sealed]],
      ['eth_call', [call('fail', ['why']), 'latest']],
      ['eth_call', [{ to: probeAddress, data: '0xzz' }, 'latest']],
      ['eth_estimateGas', [bumpCall]],
      ['eth_estimateGas', [call('fail', ['why'])]],
      ['eth_createAccessList', [bumpCall, 'latest']],
      ['eth_simulateV1', [{ blockStateCalls: [{ calls: [bumpCall, bumpCall] }] }, sealed]],
      ['eth_getLogs', [{ fromBlock: '0x0', toBlock: 'latest', address: probeAddress }]],
      ['eth_getLogs', [{ fromBlock: '0x0', toBlock: sealed, topics: [null, null, toHex(5n, { size: 32 })] }]],
      ['eth_getLogs', [{ fromBlock: 'latest' }]],
      ['debug_traceTransaction', [traced, { tracer: 'callTracer' }]],
      ['debug_traceTransaction', [traced]],
      ['debug_traceCall', [bumpCall, sealed, { tracer: 'prestateTracer' }]],
      ['debug_traceBlockByNumber', [sealed, { tracer: 'callTracer' }]],
      ['ots_traceTransaction', [traced]],
      ['ots_getInternalOperations', [traced]],
    ]
    const offloadedBefore = [overLink, inProcess].map((edge) => edge.readPool?.stats().offloaded ?? 0)
    for (const [method, params] of requests) {
      const [expected, ...pooled] = await Promise.all(
        [inThread, overLink, inProcess].map((edge) => rawRpc(edge.url, method, params)),
      )
      for (const answer of pooled) expect(answer, `${method} ${JSON.stringify(params)}`).toEqual(expected)
    }
    // Everything but the malformed call (refused on the edge's thread) and the near-head log query ran on a worker.
    const [linkStats, localStats] = [overLink, inProcess].map((edge) => edge.readPool?.stats())
    expect(linkStats?.offloaded).toBe(offloadedBefore[0] + requests.length - 2)
    expect(localStats?.offloaded).toBe(offloadedBefore[1] + requests.length - 2)
    expect([linkStats?.inThread, localStats?.inThread]).toEqual([0, 0])
    const logs = (await rawRpc(overLink.url, 'eth_getLogs', requests[8][1])).result as unknown[]
    expect(logs).toHaveLength(20)
  })

  it('a read after a sync send sees the send, through either feed', async () => {
    for (const edge of [overLink, inProcess]) {
      for (let value = 1n; value <= 10n; value++) {
        await sendSync(edge, {
          to: probeAddress,
          data: encodeFunctionData({ abi: probe.abi, functionName: 'set', args: [7n, value] }),
        })
        const { publicClient } = viemClients(edge.url)
        const read = await publicClient.readContract({
          address: probeAddress,
          abi: probe.abi,
          functionName: 'slots',
          args: [7n],
        })
        expect(read).toBe(value)
      }
      expect(edge.readPool?.stats().inThread).toBe(0)
    }
  })

  it('a worker that dies is reported, its reads are answered in-thread, and the pool starts another', async () => {
    const pool = overLink.readPool!
    const { publicClient } = viemClients(overLink.url)
    const count = () =>
      publicClient.readContract({ address: probeAddress, abi: probe.abi, functionName: 'count' })
    const expected = await count()
    errors.length = 0
    const [thread] = pool.threads()
    await thread!.terminate()

    expect(await count()).toBe(expected)
    expect(errors.some((error) => error instanceof ReadWorkerError)).toBe(true)
    expect(pool.stats().inThread).toBeGreaterThan(0)

    await vi.waitFor(() => expect(pool.stats()).toMatchObject({ restarts: 1, serving: 1 }), {
      timeout: 60_000,
      interval: 50,
    })
    const offloaded = pool.stats().offloaded
    expect(await count()).toBe(expected)
    expect(pool.stats().offloaded).toBe(offloaded + 1)
  }, 90_000)
})

it("a worker follows a link that takes only known keys, signing its challenge with the edge's key", async () => {
  const key = linkKeyFromPrivateKey(generateKeyPairSync('ed25519').privateKey)
  const keyed = await createSequencer(testChainConfig)
  const peers = [{ name: 'edge-1', publicKey: key.publicKey, roles: ['follow' as const, 'submit' as const] }]
  const keyedLink = await createLinkServer({ config: { ...testChainConfig.link, peers }, backend: keyed })
  const edge = await createEdge({
    rpc: { port: 0 },
    sequencerUrl: keyedLink.url,
    sequencerAccess: { key },
    edge: { readWorkers: 1 },
  })
  try {
    await edge.whenReady()
    await serving(edge)
    const balance = await rawRpc(edge.url, 'eth_getBalance', [from, 'latest'])
    const called = await rawRpc(edge.url, 'eth_call', [{ from, to: from, value: '0x1' }, 'latest'])
    expect(called).toEqual({ jsonrpc: '2.0', id: 1, result: '0x' })
    expect(balance.result).toBeDefined()
    expect(edge.readPool?.stats()).toMatchObject({ offloaded: 1, inThread: 0 })
  } finally {
    await edge.close()
    await keyedLink.close()
    await keyed.close()
  }
}, 90_000)
