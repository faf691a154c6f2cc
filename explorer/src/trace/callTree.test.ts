import { encodeAbiParameters, encodeEventTopics, encodeFunctionData, erc20Abi } from 'viem'
import { describe, expect, it } from 'vitest'
import { createAbiRegistry } from '../abi/createAbiRegistry.ts'
import { TraceShapeError } from '../errors.ts'
import { flattenCallTree, toCallTree } from './callTree.ts'

const sender = '0x1111111111111111111111111111111111111111'
const router = '0x2222222222222222222222222222222222222222'
const token = '0x3333333333333333333333333333333333333333'
const bob = '0x4444444444444444444444444444444444444444'
const created = '0x5555555555555555555555555555555555555555'

const transfer = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [bob, 25n] })
const transferLog = {
  address: token,
  topics: encodeEventTopics({ abi: erc20Abi, eventName: 'Transfer', args: { from: router, to: bob } }),
  data: encodeAbiParameters([{ type: 'uint256' }], [25n]),
  index: '0x0',
  position: '0x0',
}

/** geth's callTracer with withLog: a router forwarding an ERC-20 transfer, a reverted probe, a CREATE2. */
const trace = {
  from: sender,
  gas: '0x30d40',
  gasUsed: '0xc350',
  to: router,
  input: '0xdeadbeef0000000000000000000000000000000000000000000000000000000000000001',
  value: '0xde0b6b3a7640000',
  type: 'CALL',
  calls: [
    {
      from: router,
      gas: '0x1d4c0',
      gasUsed: '0x7530',
      to: token,
      input: transfer,
      output: `0x${'0'.repeat(63)}1`,
      value: '0x0',
      type: 'CALL',
      logs: [transferLog],
    },
    {
      from: router,
      gas: '0x2710',
      gasUsed: '0x2710',
      to: token,
      input: encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [bob] }),
      error: 'execution reverted',
      revertReason: 'nope',
      type: 'STATICCALL',
    },
    {
      from: router,
      gas: '0x2710',
      gasUsed: '0x1388',
      to: created,
      input: '0x6080',
      value: '0x5',
      type: 'CREATE2',
    },
  ],
}

describe('toCallTree', () => {
  const tree = toCallTree(trace, createAbiRegistry())

  it('keeps the top frame with its quantities as bigints and its unknown selector', () => {
    expect(tree).toMatchObject({
      id: '0',
      depth: 0,
      type: 'CALL',
      from: sender,
      to: router,
      value: 10n ** 18n,
      gasUsed: 50_000n,
      selector: '0xdeadbeef',
      method: null,
      error: null,
      revertReason: null,
      logs: [],
    })
    expect(tree.calls.map((c) => c.id)).toEqual(['0.0', '0.1', '0.2'])
  })

  it('decodes a nested call and its log with the registry', () => {
    expect(tree.calls[0]).toMatchObject({
      depth: 1,
      from: router,
      to: token,
      selector: '0xa9059cbb',
      method: { functionName: 'transfer', abiName: 'ERC-20' },
      logs: [{ address: token, eventName: 'Transfer' }],
    })
  })

  it('carries a failed frame’s error and revert reason; a missing value is zero', () => {
    expect(tree.calls[1]).toMatchObject({
      type: 'STATICCALL',
      value: 0n,
      selector: '0x70a08231',
      method: { functionName: 'balanceOf' },
      error: 'execution reverted',
      revertReason: 'nope',
    })
  })

  it('gives a creation no selector: its input is init code', () => {
    expect(tree.calls[2]).toMatchObject({
      type: 'CREATE2',
      to: created,
      value: 5n,
      selector: null,
      method: null,
    })
  })

  it('rejects what is not a call frame with a TraceShapeError', () => {
    expect(() => toCallTree('0x', createAbiRegistry())).toThrow(TraceShapeError)
    expect(() => toCallTree({ ...trace, gasUsed: 'lots' }, createAbiRegistry())).toThrow(/frame 0.gasUsed/)
    expect(() =>
      toCallTree({ ...trace, calls: [{ ...trace.calls[0], logs: {} }] }, createAbiRegistry()),
    ).toThrow(/frame 0.0.logs is not an array/)
  })
})

describe('flattenCallTree', () => {
  it('lists every frame depth-first, each before its children', () => {
    const nested = { ...trace, calls: [{ ...trace.calls[0], calls: [trace.calls[2]] }, trace.calls[1]] }
    const frames = flattenCallTree(toCallTree(nested, createAbiRegistry()))
    expect(frames.map((f) => [f.id, f.depth])).toEqual([
      ['0', 0],
      ['0.0', 1],
      ['0.0.0', 2],
      ['0.1', 1],
    ])
  })
})
