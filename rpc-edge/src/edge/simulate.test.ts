import { compileTestContracts } from '@rtevm/testkit'
import { type Address, decodeFunctionResult, encodeFunctionData, type Hash, type Hex, pad, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRpc, startTestEdge, type TestEdge, testDevAccounts, viemClients } from './edgeTestSupport.ts'

const [dev0, dev1] = testDevAccounts
const { token, probe, child } = compileTestContracts()
const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef'
const ETHER = '0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee'
/** NUMBER, TIMESTAMP as two words: what a block override changes. */
const BLOCK_READER = '0x436000524260205260406000f3'
const FUNDED = '0xc000000000000000000000000000000000000000'
const PAYEE = '0xc100000000000000000000000000000000000000'

type SimCall = {
  returnData: Hex
  logs: { address: string; topics: Hex[]; data: Hex; logIndex: Hex; blockHash: Hex; transactionHash: Hex }[]
  gasUsed: Hex
  status: Hex
  error?: { code: number; message: string; data?: Hex }
}
type SimBlock = {
  number: Hex
  hash: Hex
  parentHash: Hex
  timestamp: Hex
  gasLimit: Hex
  gasUsed: Hex
  baseFeePerGas: Hex
  transactions: (Hex | { hash: Hex; from: Hex; nonce: Hex })[]
  calls: SimCall[]
}

let t: TestEdge
let tokenAddress: Address
let probeAddress: Address
/** The sealed block the token was deployed in, and the one where dev1 later got 10 tokens. */
let deployedAt: bigint
let transferredAt: bigint

/** Sends, seals the open block, and waits until this edge has that block sealed. */
async function sealed(send: () => Promise<Hash>) {
  const { publicClient } = viemClients(t.edge.url)
  const hash = await send()
  await t.sequencer.sealBlock()
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  while (t.edge.replica.head().block < receipt.blockNumber) await new Promise((r) => setTimeout(r, 5))
  return receipt
}

async function simulate(payload: unknown, tag: unknown = 'latest') {
  return rawRpc(t.edge.url, 'eth_simulateV1', [payload, tag]) as Promise<{
    result?: SimBlock[]
    error?: { code: number; message: string }
  }>
}

const balanceOfCall = (who: Address) => ({
  to: tokenAddress,
  data: encodeFunctionData({ abi: token.abi, functionName: 'balanceOf', args: [who] }),
})
const balanceOf = (data: Hex) =>
  decodeFunctionResult({ abi: token.abi, functionName: 'balanceOf', data }) as bigint

beforeAll(async () => {
  t = await startTestEdge()
  const { walletClient } = viemClients(t.edge.url)
  const deployed = await sealed(() =>
    walletClient.deployContract({ abi: token.abi, bytecode: token.bytecode, args: [1_000n] }),
  )
  tokenAddress = deployed.contractAddress as Address
  deployedAt = deployed.blockNumber
  probeAddress = (
    await sealed(() => walletClient.deployContract({ abi: probe.abi, bytecode: probe.bytecode }))
  ).contractAddress as Address
  const moved = await sealed(() =>
    walletClient.writeContract({
      address: tokenAddress,
      abi: token.abi,
      functionName: 'transfer',
      args: [dev1.address, 10n],
    }),
  )
  transferredAt = moved.blockNumber
}, 60_000)

afterAll(async () => {
  await t?.close()
})

describe('eth_simulateV1', () => {
  it('carries state from block to block: a transfer, then balanceOf in the next block', async () => {
    const head = t.edge.replica.head().block
    const parent = t.edge.replica.getBlockByNumber(head)!
    const transfer = {
      from: dev0.address,
      to: tokenAddress,
      data: encodeFunctionData({ abi: token.abi, functionName: 'transfer', args: [dev1.address, 100n] }),
    }
    const { result, error } = await simulate(
      {
        blockStateCalls: [
          { calls: [transfer] },
          { calls: [balanceOfCall(dev1.address), balanceOfCall(dev0.address)] },
        ],
      },
      toHex(head), // the head read above: the block timer may seal another meanwhile
    )
    expect(error).toBeUndefined()
    const [first, second] = result!
    expect(BigInt(first!.number)).toBe(head + 1n)
    expect(BigInt(second!.number)).toBe(head + 2n)
    // The chain's block interval (100 ms here) rounds up to one second per simulated block.
    expect(BigInt(first!.timestamp)).toBe(parent.header.timestamp + 1n)
    expect(BigInt(second!.timestamp)).toBe(parent.header.timestamp + 2n)
    expect(first!.parentHash).toBe(toHex(parent.hash))
    expect(second!.parentHash).toBe(first!.hash)
    expect(first!.baseFeePerGas).toBe('0x0')
    expect(first!.calls[0]).toMatchObject({ status: '0x1', returnData: pad('0x1') })
    expect(first!.calls[0]!.logs[0]).toMatchObject({
      address: tokenAddress.toLowerCase(),
      topics: [
        TRANSFER_TOPIC,
        pad(dev0.address.toLowerCase() as Hex),
        pad(dev1.address.toLowerCase() as Hex),
      ],
      logIndex: '0x0',
      blockHash: first!.hash,
      transactionHash: first!.transactions[0],
    })
    expect(BigInt(first!.gasUsed)).toBe(BigInt(first!.calls[0]!.gasUsed))
    expect(balanceOf(second!.calls[0]!.returnData)).toBe(110n)
    expect(balanceOf(second!.calls[1]!.returnData)).toBe(890n)
    // Nothing was kept.
    const { publicClient } = viemClients(t.edge.url)
    const kept = await publicClient.call(balanceOfCall(dev1.address))
    expect(balanceOf(kept.data!)).toBe(10n)
  })

  it('applies state overrides and block overrides, filling a gap in block numbers with empty blocks', async () => {
    const head = t.edge.replica.head().block
    const reader = '0x00000000000000000000000000000000000000b1'
    const { result, error } = await simulate(
      {
        blockStateCalls: [
          {
            blockOverrides: { number: toHex(head + 3n), time: '0x7fffffff' },
            stateOverrides: { [reader]: { code: BLOCK_READER } },
            calls: [{ to: reader }],
          },
          { calls: [{ to: reader }] },
        ],
      },
      toHex(head), // the head read above: the block timer may seal another meanwhile
    )
    expect(error).toBeUndefined()
    expect(result!.map((b) => BigInt(b.number))).toEqual([head + 1n, head + 2n, head + 3n, head + 4n])
    expect(result![0]!.calls).toEqual([])
    const returned = result![2]!.calls[0]!.returnData
    expect(BigInt(returned.slice(0, 66))).toBe(head + 3n)
    expect(BigInt(`0x${returned.slice(66)}`)).toBe(0x7fffffffn)
    // The override carries on to the next block, one block time later.
    expect(BigInt(`0x${result![3]!.calls[0]!.returnData.slice(66)}`)).toBe(0x80000000n)
  })

  it('reports ether transfers as logs from 0xeeee…eeee with traceTransfers, nested ones in execution order', async () => {
    const payload = (traceTransfers: boolean) => ({
      traceTransfers,
      blockStateCalls: [
        {
          stateOverrides: { [FUNDED]: { balance: '0x3e8' } },
          calls: [
            { from: FUNDED, to: PAYEE, value: '0x3e8' },
            {
              from: dev0.address,
              to: probeAddress,
              value: '0x5',
              data: encodeFunctionData({ abi: probe.abi, functionName: 'spawn', args: [pad('0x1')] }),
            },
          ],
        },
      ],
    })
    const traced = (await simulate(payload(true))).result![0]!
    expect(traced.calls[0]!.logs).toEqual([
      expect.objectContaining({
        address: ETHER,
        topics: [TRANSFER_TOPIC, pad(FUNDED), pad(PAYEE)],
        data: pad('0x3e8'),
        logIndex: '0x0',
      }),
    ])
    const spawned = traced.calls[1]!.logs
    expect(spawned.map((log) => log.address)).toEqual([ETHER, ETHER, probeAddress.toLowerCase()])
    expect(spawned[0]!.topics[1]).toBe(pad(dev0.address.toLowerCase() as Hex))
    expect(spawned[1]!.topics[1]).toBe(pad(probeAddress.toLowerCase() as Hex))
    expect(spawned.map((log) => log.logIndex)).toEqual(['0x1', '0x2', '0x3'])
    // A self-destruct moves the balance too: the child pays its 5 wei out.
    const childAddress = `0x${traced.calls[1]!.returnData.slice(26)}`
    const killed = await simulate({
      traceTransfers: true,
      blockStateCalls: [
        payload(true).blockStateCalls[0],
        {
          calls: [
            {
              to: childAddress,
              data: encodeFunctionData({ abi: child.abi, functionName: 'kill', args: [PAYEE] }),
            },
          ],
        },
      ],
    })
    expect(killed.result![1]!.calls[0]!.logs).toEqual([
      expect.objectContaining({
        address: ETHER,
        topics: [TRANSFER_TOPIC, pad(childAddress as Hex), pad(PAYEE)],
        data: pad('0x5'),
      }),
    ])
    const plain = (await simulate(payload(false))).result![0]!
    expect(plain.calls[0]!.logs).toEqual([])
    expect(plain.calls[1]!.logs.map((log) => log.address)).toEqual([probeAddress.toLowerCase()])
  })

  it('checks nonces, fees and balances with validation, with the spec codes', async () => {
    const { publicClient } = viemClients(t.edge.url)
    const nonce = await publicClient.getTransactionCount({ address: dev0.address })
    const fees = { maxFeePerGas: toHex(10n ** 10n), maxPriorityFeePerGas: '0x0' }
    const send = (extra: Record<string, unknown>) =>
      simulate({
        validation: true,
        blockStateCalls: [{ calls: [{ from: dev0.address, to: PAYEE, value: '0x1', ...fees, ...extra }] }],
      })
    expect((await send({ nonce: toHex(nonce + 5) })).error?.code).toBe(-38011)
    expect((await send({ nonce: toHex(nonce - 1) })).error?.code).toBe(-38010)
    expect((await send({ maxFeePerGas: '0x0' })).error?.code).toBe(-38012)
    expect((await send({ from: FUNDED })).error?.code).toBe(-38014)
    const ok = await simulate({
      validation: true,
      returnFullTransactions: true,
      blockStateCalls: [
        {
          calls: [
            { from: dev0.address, to: PAYEE, ...fees, nonce: toHex(nonce) },
            { from: dev0.address, to: PAYEE, ...fees },
          ],
        },
      ],
    })
    expect(ok.error).toBeUndefined()
    const block = ok.result![0]!
    // rtevm's base fee is fixed: with validation the simulated block keeps the parent's.
    expect(BigInt(block.baseFeePerGas)).toBe(t.edge.replica.chain.baseFeePerGas)
    expect(block.calls.map((c) => c.status)).toEqual(['0x1', '0x1'])
    expect(block.transactions.map((tx) => typeof tx === 'object' && BigInt(tx.nonce))).toEqual([
      BigInt(nonce),
      BigInt(nonce + 1),
    ])
    // Without validation nonces are not checked and nothing is paid.
    const loose = await simulate({
      blockStateCalls: [{ calls: [{ from: FUNDED, to: PAYEE, nonce: '0x9' }] }],
    })
    expect(loose.result![0]!.calls[0]!.status).toBe('0x1')
  })

  it('reports a revert as a failed call with its error object, and later calls still run', async () => {
    const { result, error } = await simulate({
      blockStateCalls: [
        {
          calls: [
            {
              from: dev0.address,
              to: tokenAddress,
              data: encodeFunctionData({
                abi: token.abi,
                functionName: 'transfer',
                args: ['0x0000000000000000000000000000000000000000', 1n],
              }),
            },
            {
              from: dev0.address,
              to: probeAddress,
              data: encodeFunctionData({ abi: probe.abi, functionName: 'burn' }),
              gas: '0x186a0',
            },
            balanceOfCall(dev0.address),
          ],
        },
      ],
    })
    expect(error).toBeUndefined()
    const [reverted, outOfGas, after] = result![0]!.calls
    expect(reverted).toMatchObject({
      status: '0x0',
      returnData: '0x',
      logs: [],
      error: { code: 3, message: 'execution reverted: TestToken: transfer to the zero address' },
    })
    expect(reverted!.error!.data).toMatch(/^0x08c379a0/)
    expect(outOfGas).toMatchObject({
      status: '0x0',
      gasUsed: '0x186a0',
      error: { code: -32015, message: 'out of gas' },
    })
    expect(after!.status).toBe('0x1')
  })

  it('simulates on the state of an older block in the history window', async () => {
    const { result } = await simulate(
      { blockStateCalls: [{ calls: [balanceOfCall(dev1.address)] }] },
      toHex(deployedAt),
    )
    expect(BigInt(result![0]!.number)).toBe(deployedAt + 1n)
    expect(BigInt(result![0]!.timestamp)).toBe(
      t.edge.replica.getBlockByNumber(deployedAt)!.header.timestamp + 1n,
    )
    expect(balanceOf(result![0]!.calls[0]!.returnData)).toBe(0n)
    const later = await simulate(
      { blockStateCalls: [{ calls: [balanceOfCall(dev1.address)] }] },
      toHex(transferredAt),
    )
    expect(balanceOf(later.result![0]!.calls[0]!.returnData)).toBe(10n)
    // An empty block changes nothing: its state root is that block's own.
    const empty = await simulate({ blockStateCalls: [{}] }, toHex(deployedAt))
    const sealedRoot = t.edge.replica.getBlockByNumber(deployedAt)!.header.stateRoot
    expect((empty.result![0] as SimBlock & { stateRoot: Hex }).stateRoot).toBe(toHex(sealedRoot))
    // The live state is back where it was.
    const latest = await simulate({ blockStateCalls: [{ calls: [balanceOfCall(dev1.address)] }] })
    expect(balanceOf(latest.result![0]!.calls[0]!.returnData)).toBe(10n)
  })

  it('refuses bad block orders, too many blocks and malformed params with the spec codes', async () => {
    const head = t.edge.replica.head().block
    const number = toHex(head + 2n)
    const twice = await simulate({
      blockStateCalls: [{ blockOverrides: { number } }, { blockOverrides: { number } }],
    })
    expect(twice.error?.code).toBe(-38020)
    const backwards = await simulate({
      blockStateCalls: [
        { blockOverrides: { time: '0x7fffffff' } },
        { blockOverrides: { time: '0x7ffffff0' } },
      ],
    })
    expect(backwards.error?.code).toBe(-38021)
    const far = await simulate(
      { blockStateCalls: [{ blockOverrides: { number: toHex(head + 257n) } }] },
      toHex(head),
    )
    expect(far.error?.code).toBe(-38026)
    expect((await simulate({ blockStateCalls: Array.from({ length: 257 }, () => ({})) })).error?.code).toBe(
      -38026,
    )
    expect((await simulate({ blockStateCalls: 'nope' })).error?.code).toBe(-32602)
    expect((await simulate({ blockStateCalls: [] })).error?.code).toBe(-32602)
    expect((await simulate({ blockStateCalls: [{ calls: [{ gas: 'lots' }] }] })).error?.code).toBe(-32602)
    const gasHog = await simulate({
      blockStateCalls: [
        { blockOverrides: { gasLimit: '0x5208' }, calls: [{ to: PAYEE }, { to: PAYEE, gas: '0x5208' }] },
      ],
    })
    expect(gasHog.error?.code).toBe(-38015)
  })
})
