import { encodeFunctionData, type Hash } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDevAccounts } from './edgeTestSupport.ts'
import { chainClients, probe, startTraceChain, type TraceChain, token } from './traceTestSupport.ts'

const [dev0, dev1] = testDevAccounts
const FRESH = '0x00000000000000000000000000000000000000aa'

type Json = Record<string, unknown>

let chain: TraceChain
/** Four transactions of one block, two senders, one a plain transfer (the sequencer's fast path). */
const block: Hash[] = []

beforeAll(async () => {
  chain = await startTraceChain()
  const { walletClient, tokenAddress, probeAddress, publicClient } = chain
  const other = chainClients(chain.url, dev1.privateKey).walletClient
  const sends = [
    () =>
      walletClient.writeContract({
        address: tokenAddress,
        abi: token.abi,
        functionName: 'transfer',
        args: [dev1.address, 7n],
        chain: null,
      }),
    () =>
      other.writeContract({
        address: probeAddress,
        abi: probe.abi,
        functionName: 'set',
        args: [1n, 2n],
        chain: null,
      }),
    () =>
      walletClient.writeContract({
        address: probeAddress,
        abi: probe.abi,
        functionName: 'bump',
        args: ['0x1234'],
        chain: null,
      }),
    () => walletClient.sendTransaction({ to: FRESH, value: 3n, chain: null }),
  ]
  // Receipts come per mini-block; the block stays open until sealed below.
  for (const send of sends) {
    const hash = await send()
    await publicClient.waitForTransactionReceipt({ hash })
    block.push(hash)
  }
}, 60_000)

afterAll(async () => {
  await chain?.started.close()
})

describe('traces of a block', () => {
  it('a transaction of the block still open, after replaying the ones before it', async () => {
    const receipts = await Promise.all(block.map((hash) => chain.receiptOf(hash)))
    expect(new Set(receipts.map((r) => r.blockNumber)).size).toBe(1)
    expect(chain.started.edge.replica.getBlockByNumber(receipts[0]!.blockNumber)).toBeUndefined()
    for (const [i, hash] of block.entries()) {
      const frame = await chain.rpc<Json>('debug_traceTransaction', [hash, { tracer: 'callTracer' }])
      expect(frame.gasUsed).toBe(`0x${receipts[i]!.gasUsed.toString(16)}`)
    }
  })

  it('debug_traceBlockByNumber and ByHash: every transaction, in order, with its receipt gas', async () => {
    const { blockNumber } = await chain.receiptOf(block[0]!)
    await chain.started.sequencer.sealBlock()
    while (chain.started.edge.replica.head().block < blockNumber) await new Promise((r) => setTimeout(r, 5))
    const receipts = await Promise.all(block.map((hash) => chain.receiptOf(hash)))
    const number = `0x${blockNumber.toString(16)}`

    const calls = await chain.rpc<{ txHash: string; result: Json }[]>('debug_traceBlockByNumber', [
      number,
      { tracer: 'callTracer', tracerConfig: { withLog: true } },
    ])
    expect(calls.map((entry) => entry.txHash)).toEqual(block)
    expect(calls.map((entry) => entry.result.gasUsed)).toEqual(
      receipts.map((r) => `0x${r.gasUsed.toString(16)}`),
    )
    // Log indexes count through the block: the transfer's log is 0, bump's is 1.
    expect((calls[2]!.result.logs as Json[])[0]!.index).toBe('0x1')
    expect(calls[3]!.result).toMatchObject({ to: FRESH, input: '0x', value: '0x3', type: 'CALL' })

    const structs = await chain.rpc<{ txHash: string; result: { gas: number } }[]>(
      'debug_traceBlockByNumber',
      [number, { disableStack: true }],
    )
    expect(structs.map((entry) => entry.result.gas)).toEqual(receipts.map((r) => Number(r.gasUsed)))

    const hash = (await chain.publicClient.getBlock({ blockNumber })).hash
    expect(
      await chain.rpc('debug_traceBlockByHash', [
        hash,
        { tracer: 'callTracer', tracerConfig: { withLog: true } },
      ]),
    ).toEqual(calls)
    expect(await chain.rpc('debug_traceBlockByNumber', ['0x0', {}])).toEqual([])
  })

  it('the replayed state matches the chain: the last transaction’s post-state is the block’s end state', async () => {
    const { blockNumber } = await chain.receiptOf(block[3]!)
    const { post, pre } = await chain.rpc<{ post: Record<string, Json>; pre: Record<string, Json> }>(
      'debug_traceTransaction',
      [block[3], { tracer: 'prestateTracer', tracerConfig: { diffMode: true } }],
    )
    const coinbase = (await chain.publicClient.getBlock({ blockNumber })).miner.toLowerCase()
    for (const address of [dev0.address.toLowerCase(), FRESH, coinbase]) {
      const balance = await chain.publicClient.getBalance({ address: address as `0x${string}`, blockNumber })
      expect(BigInt(post[address]!.balance as string)).toBe(balance)
    }
    // The fresh account did not exist before: geth leaves empty accounts out of `pre`.
    expect(pre[FRESH]).toBeUndefined()
    expect(post[dev0.address.toLowerCase()]!.nonce).toBe(
      await chain.publicClient.getTransactionCount({ address: dev0.address, blockNumber }),
    )
  })
})

describe('traces while the chain moves', () => {
  it('traces and sends interleave: the replica applies what arrived meanwhile, and every trace is right', async () => {
    const receipts = await Promise.all(block.map((hash) => chain.receiptOf(hash)))
    const traces = Array.from({ length: 24 }, (_, i) =>
      chain.rpc<Json>('debug_traceTransaction', [block[i % 4], { tracer: 'callTracer' }]),
    )
    // One after another (each takes the next nonce), while the traces run.
    const sending = (async () => {
      const hashes: Hash[] = []
      for (let i = 0; i < 4; i++) {
        hashes.push(await chain.walletClient.sendTransaction({ to: FRESH, value: 1n, chain: null }))
      }
      return hashes
    })()
    const [traced, hashes] = await Promise.all([Promise.all(traces), sending])
    traced.forEach((frame, i) => {
      expect(frame.gasUsed).toBe(`0x${receipts[i % 4]!.gasUsed.toString(16)}`)
    })
    for (const hash of hashes) expect((await chain.receiptOf(hash)).status).toBe('success')
  })
})

describe('debug_traceCall', () => {
  it('invalid opcodes are named as geth names them', async () => {
    const target = '0x000000000000000000000000000000000000c0de'
    for (const [code, op] of [
      ['0xfe', 'INVALID'],
      ['0x6001ef', 'opcode 0xef not defined'],
    ]) {
      const config = { stateOverrides: { [target]: { code } } }
      const request = { from: dev0.address, to: target, gas: '0x30d40' }
      const frame = await chain.rpc<Json>('debug_traceCall', [
        request,
        'latest',
        { tracer: 'callTracer', ...config },
      ])
      expect(frame).toMatchObject({ error: `invalid opcode: ${op}`, gasUsed: '0x30d40' })
      const struct = await chain.rpc<{ failed: boolean; structLogs: Json[] }>('debug_traceCall', [
        request,
        'latest',
        config,
      ])
      expect(struct.failed).toBe(true)
      expect(struct.structLogs.at(-1)).toMatchObject({ op })
    }
  })

  it('traces a call at a block tag, with state and block overrides', async () => {
    const bump = encodeFunctionData({ abi: probe.abi, functionName: 'bump', args: ['0x'] })
    const request = { from: dev0.address, to: chain.probeAddress, data: bump, gas: '0x30d40' }
    const frame = await chain.rpc<Json>('debug_traceCall', [
      request,
      'latest',
      { tracer: 'callTracer', tracerConfig: { withLog: true } },
    ])
    // bump ran once in the block above: the call makes it two.
    expect(frame).toMatchObject({ gas: '0x30d40', type: 'CALL', output: `0x${'2'.padStart(64, '0')}` })
    expect(frame.logs).toHaveLength(1)

    const overridden = await chain.rpc<Json>('debug_traceCall', [
      request,
      'latest',
      {
        tracer: 'callTracer',
        stateOverrides: {
          [chain.probeAddress]: { stateDiff: { [`0x${'0'.repeat(64)}`]: `0x${'9'.padStart(64, '0')}` } },
        },
      },
    ])
    expect(overridden.output).toBe(`0x${'a'.padStart(64, '0')}`)

    const atGenesis = await chain.rpc<Json>('debug_traceCall', [request, '0x0', { tracer: 'callTracer' }])
    expect(atGenesis.output).toBeUndefined() // no code at block 0

    const number = encodeFunctionData({ abi: probe.abi, functionName: 'count' })
    const struct = await chain.rpc<{ gas: number; failed: boolean; structLogs: Json[] }>('debug_traceCall', [
      { ...request, data: number },
      'latest',
      { blockOverrides: { number: '0x64' } },
    ])
    expect(struct.failed).toBe(false)
    expect(struct.structLogs[0]).toMatchObject({ pc: 0, op: 'PUSH1', gasCost: 3, depth: 1 })
  })
})
