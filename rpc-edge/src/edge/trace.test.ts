import { encodeFunctionData, type Hash } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRpc, testDevAccounts } from './edgeTestSupport.ts'
import { probe, startTraceChain, type TraceChain, token } from './traceTestSupport.ts'

const [dev0, dev1] = testDevAccounts
const SALT = `0x${'11'.repeat(32)}` as const

type Json = Record<string, unknown>
type CallFrame = Json & { calls?: CallFrame[]; logs?: Json[] }

let chain: TraceChain
/** Hashes of the transactions sent, by what they did; each in a block of its own. */
const sent: Record<string, Hash> = {}
const rpc = <T = unknown>(method: string, params: unknown[]) => chain.rpc<T>(method, params)
const receiptOf = (hash: Hash) => chain.receiptOf(hash)

beforeAll(async () => {
  // History keeps eight blocks: the window test below moves past them.
  chain = await startTraceChain({ stateHistoryBlocks: 8 })
  const { walletClient, sealedAfter, tokenAddress, probeAddress } = chain
  sent.transfer = await sealedAfter(() =>
    walletClient.writeContract({
      address: tokenAddress,
      abi: token.abi,
      functionName: 'transfer',
      args: [dev1.address, 7n],
      chain: null,
    }),
  )
  const onProbe = { address: probeAddress, abi: probe.abi, chain: null } as const
  sent.nested = await sealedAfter(() =>
    walletClient.writeContract({ ...onProbe, functionName: 'nested', args: [3n], gas: 300_000n }),
  )
  sent.spawn = await sealedAfter(() =>
    walletClient.writeContract({ ...onProbe, functionName: 'spawn', args: [SALT], value: 5n, gas: 200_000n }),
  )
  sent.fail = await sealedAfter(() =>
    walletClient.writeContract({ ...onProbe, functionName: 'fail', args: ['boom'], gas: 100_000n }),
  )
  sent.burn = await sealedAfter(() =>
    walletClient.writeContract({ ...onProbe, functionName: 'burn', gas: 60_000n }),
  )
}, 60_000)

afterAll(async () => {
  await chain?.started.close()
})

describe('debug_traceTransaction', () => {
  it('callTracer: a nested call that reverts inside a caught try', async () => {
    const frame = await rpc<CallFrame>('debug_traceTransaction', [sent.nested, { tracer: 'callTracer' }])
    const receipt = await receiptOf(sent.nested)
    const probeHex = chain.probeAddress.toLowerCase()
    expect(frame).toMatchObject({
      from: dev0.address.toLowerCase(),
      gas: '0x493e0', // the transaction's gas limit, as geth reports the top frame
      gasUsed: `0x${receipt.gasUsed.toString(16)}`,
      to: probeHex,
      input: encodeFunctionData({ abi: probe.abi, functionName: 'nested', args: [3n] }),
      value: '0x0',
      type: 'CALL',
    })
    expect(frame.error).toBeUndefined()
    expect(frame.calls).toHaveLength(1)
    const inner = frame.calls![0]!
    expect(inner).toMatchObject({
      from: probeHex,
      to: probeHex,
      input: encodeFunctionData({ abi: probe.abi, functionName: 'setThenRevert', args: [4n, 5n, 1n] }),
      error: 'execution reverted',
      value: '0x0',
      type: 'CALL',
    })
    // A custom error: the payload is the output, with no revertReason (geth decodes only Error and Panic).
    expect(inner.output).toMatch(/^0x4fc8e71f/)
    expect(inner.revertReason).toBeUndefined()
    expect(Object.keys(inner)).toEqual([
      'from',
      'gas',
      'gasUsed',
      'to',
      'input',
      'output',
      'error',
      'value',
      'type',
    ])
  })

  it('callTracer withLog: CREATE2 child and the log after it, with its position', async () => {
    const frame = await rpc<CallFrame>('debug_traceTransaction', [
      sent.spawn,
      { tracer: 'callTracer', tracerConfig: { withLog: true } },
    ])
    const receipt = await receiptOf(sent.spawn)
    expect(frame.value).toBe('0x5')
    expect(frame.calls).toHaveLength(1)
    const child = frame.calls![0]!
    expect(child).toMatchObject({ from: chain.probeAddress.toLowerCase(), value: '0x5', type: 'CREATE2' })
    expect(child.to).toBe(`0x${(frame.output as string).slice(-40)}`)
    expect(child.output).toMatch(/^0x6080/)
    expect(frame.logs).toEqual([
      {
        address: chain.probeAddress.toLowerCase(),
        topics: [],
        data: receipt.logs[0]!.data,
        index: '0x0',
        position: '0x1', // after the one call made before it
      },
    ])
    const top = await rpc<CallFrame>('debug_traceTransaction', [
      sent.spawn,
      { tracer: 'callTracer', tracerConfig: { withLog: true, onlyTopCall: true } },
    ])
    expect(top.calls).toBeUndefined()
    expect(top.logs).toHaveLength(1)
  })

  it('callTracer: a require message is the revertReason', async () => {
    const frame = await rpc<CallFrame>('debug_traceTransaction', [sent.fail, { tracer: 'callTracer' }])
    expect(frame).toMatchObject({ error: 'execution reverted', revertReason: 'boom', gas: '0x186a0' })
    expect(frame.output).toMatch(/^0x08c379a0/)
  })

  it('prestateTracer: an ERC-20 transfer, whole and as a diff', async () => {
    const receipt = await receiptOf(sent.transfer)
    const pre = await rpc<Record<string, Json>>('debug_traceTransaction', [
      sent.transfer,
      { tracer: 'prestateTracer' },
    ])
    const sender = dev0.address.toLowerCase()
    const tokenHex = chain.tokenAddress.toLowerCase()
    expect(pre[sender]).toMatchObject({ nonce: 2 })
    expect(pre[tokenHex]).toMatchObject({ balance: '0x0', nonce: 1 })
    expect(pre[tokenHex]!.code).toMatch(/^0x6080/)
    expect(pre[tokenHex]!.codeHash).toMatch(/^0x[0-9a-f]{64}$/)
    const storage = pre[tokenHex]!.storage as Record<string, string>
    // The sender's and the recipient's balance slots, as they were before.
    expect(Object.values(storage).map(BigInt).sort()).toEqual([0n, 1000n])

    const { pre: before, post } = await rpc<{ pre: Record<string, Json>; post: Record<string, Json> }>(
      'debug_traceTransaction',
      [sent.transfer, { tracer: 'prestateTracer', tracerConfig: { diffMode: true } }],
    )
    expect(post[sender]).toMatchObject({ nonce: 3 })
    expect(BigInt(post[sender]!.balance as string)).toBeLessThan(BigInt(before[sender]!.balance as string))
    const after = post[tokenHex]!.storage as Record<string, string>
    expect(Object.values(after).map(BigInt).sort()).toEqual([7n, 993n])
    // The recipient's slot was zero: geth leaves zero slots out of `pre` in diff mode.
    expect(Object.values(before[tokenHex]!.storage as Record<string, string>).map(BigInt)).toEqual([1000n])
    expect(post[tokenHex]!.code).toBeUndefined()
    expect(receipt.status).toBe('success')
  })

  it('struct logger: gas, opcodes and storage of an ERC-20 transfer', async () => {
    const receipt = await receiptOf(sent.transfer)
    const trace = await rpc<{ gas: number; failed: boolean; returnValue: string; structLogs: Json[] }>(
      'debug_traceTransaction',
      [sent.transfer, { enableMemory: true }],
    )
    expect(trace.gas).toBe(Number(receipt.gasUsed))
    expect(trace.failed).toBe(false)
    expect(trace.returnValue).toBe(`0x${'0'.repeat(63)}1`)
    const logs = trace.structLogs
    expect(logs.slice(0, 3).map((l) => l.op)).toEqual(['PUSH1', 'PUSH1', 'MSTORE'])
    expect(logs[0]).toEqual({ pc: 0, op: 'PUSH1', gas: logs[0]!.gas, gasCost: 3, depth: 1, stack: [] })
    expect(logs[1]!.stack).toEqual(['0x80'])
    expect(logs.at(-1)!.op).toBe('RETURN')
    expect(logs.every((l) => l.depth === 1)).toBe(true)
    // Each step's gas is the previous step's less its cost.
    for (let i = 1; i < logs.length; i++)
      expect(logs[i]!.gas).toBe((logs[i - 1]!.gas as number) - (logs[i - 1]!.gasCost as number))
    // Intrinsic gas, then the steps, then the refund: the first step's gas is the limit less 21 000 and calldata.
    const sstores = logs.filter((l) => l.op === 'SSTORE')
    expect(sstores).toHaveLength(2)
    expect(Object.keys(sstores[1]!.storage as Json)).toHaveLength(2)
    expect(logs.find((l) => l.op === 'MSTORE' && l.memory)?.memory).toBeDefined()
    const bare = await rpc<{ structLogs: Json[] }>('debug_traceTransaction', [
      sent.transfer,
      { disableStack: true, disableStorage: true },
    ])
    expect(bare.structLogs.some((l) => 'stack' in l || 'storage' in l || 'memory' in l)).toBe(false)
  })

  it('out of gas: the error on the frame and on the opcode that ran out, no return value', async () => {
    const frame = await rpc<CallFrame>('debug_traceTransaction', [sent.burn, { tracer: 'callTracer' }])
    expect(frame).toMatchObject({ gas: '0xea60', gasUsed: '0xea60', error: 'out of gas' })
    expect(frame.output).toBeUndefined()
    const trace = await rpc<{ gas: number; failed: boolean; returnValue: string; structLogs: Json[] }>(
      'debug_traceTransaction',
      [sent.burn, { disableStack: true }],
    )
    expect(trace).toMatchObject({ gas: 60_000, failed: true, returnValue: '0x' })
    const last = trace.structLogs.at(-1)!
    expect(last).toMatchObject({ op: 'SSTORE', error: 'out of gas' })
    expect(trace.structLogs.filter((log) => 'error' in log)).toHaveLength(1)
  })

  it('4byteTracer: selectors with their calldata sizes', async () => {
    expect(await rpc('debug_traceTransaction', [sent.transfer, { tracer: '4byteTracer' }])).toEqual({
      '0xa9059cbb-64': 1,
    })
    expect(await rpc('debug_traceTransaction', [sent.nested, { tracer: '4byteTracer' }])).toEqual({
      '0x10b80908-32': 1,
      '0x621a4862-96': 1,
    })
  })
})

describe('debug_trace* errors', () => {
  it('an unknown transaction, an unknown tracer, a block past the history window', async () => {
    const missing = await rawRpc(chain.url, 'debug_traceTransaction', [`0x${'12'.repeat(32)}`, {}])
    expect(missing.error).toMatchObject({
      code: -32001,
      message: `transaction 0x${'12'.repeat(32)} not found`,
    })

    const tracer = await rawRpc(chain.url, 'debug_traceTransaction', [
      sent.transfer,
      { tracer: 'nopeTracer' },
    ])
    expect(tracer.error?.code).toBe(-32602)
    expect(tracer.error?.message).toContain('"nopeTracer"')
    const config = await rawRpc(chain.url, 'debug_traceTransaction', [
      sent.transfer,
      { tracer: 'callTracer', tracerConfig: { withLog: 'yes' } },
    ])
    expect(config.error?.code).toBe(-32602)

    const future = await rawRpc(chain.url, 'debug_traceBlockByNumber', ['0xffff', {}])
    expect(future.error?.code).toBe(-32001)

    // Nine more blocks with changes push the transfer's block out of the eight kept.
    const { walletClient, sealedAfter } = chain
    for (let i = 0; i < 9; i++) {
      await sealedAfter(() => walletClient.sendTransaction({ to: dev1.address, value: 1n, chain: null }))
    }
    const old = await rawRpc(chain.url, 'debug_traceTransaction', [sent.transfer, { tracer: 'callTracer' }])
    expect(old.error?.code).toBe(-32001)
    expect(old.error?.message).toContain('history window')
    const { blockNumber } = await receiptOf(sent.transfer)
    const oldBlock = await rawRpc(chain.url, 'debug_traceBlockByNumber', [
      `0x${blockNumber.toString(16)}`,
      {},
    ])
    expect(oldBlock.error?.code).toBe(-32001)
  })
})
