import { encodeFunctionData, type Hash } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil } from '../bench/peers/anvilPeer.ts'
import type { PeerProcess } from '../bench/peers/peerProcess.ts'
import { testDevAccounts } from './edgeTestSupport.ts'
import { call, chainClients, probe, startTraceChain, type TraceChain, token } from './traceTestSupport.ts'

const [, dev1] = testDevAccounts
const SALT = `0x${'11'.repeat(32)}` as const

type Json = Record<string, unknown>
type Sent = Record<'transfer' | 'nested' | 'spawn' | 'fail' | 'burn' | 'ephemeral', Hash>

let chain: TraceChain
let anvil: PeerProcess
const ours = {} as Sent
const theirs = {} as Sent

/**
 * The same transactions on both chains from the same dev account, so the
 * contracts land at the same addresses and the traces can be compared whole.
 */
async function sendAll(url: string, sent: Sent, seal: (send: () => Promise<Hash>) => Promise<Hash>) {
  const { walletClient, publicClient } = chainClients(url)
  const deployed = async (send: () => Promise<Hash>) =>
    (await publicClient.getTransactionReceipt({ hash: await seal(send) })).contractAddress!
  const tokenAddress =
    url === chain.url
      ? chain.tokenAddress
      : await deployed(() =>
          walletClient.deployContract({
            abi: token.abi,
            bytecode: token.bytecode,
            args: [1_000n],
            chain: null,
          }),
        )
  const probeAddress =
    url === chain.url
      ? chain.probeAddress
      : await deployed(() =>
          walletClient.deployContract({ abi: probe.abi, bytecode: probe.bytecode, chain: null }),
        )
  const onProbe = { address: probeAddress, abi: probe.abi, chain: null } as const
  sent.transfer = await seal(() =>
    walletClient.writeContract({
      address: tokenAddress,
      abi: token.abi,
      functionName: 'transfer',
      args: [dev1.address, 7n],
      gas: 100_000n,
      chain: null,
    }),
  )
  sent.nested = await seal(() =>
    walletClient.writeContract({ ...onProbe, functionName: 'nested', args: [3n], gas: 300_000n }),
  )
  sent.spawn = await seal(() =>
    walletClient.writeContract({ ...onProbe, functionName: 'spawn', args: [SALT], value: 5n, gas: 200_000n }),
  )
  sent.fail = await seal(() =>
    walletClient.writeContract({ ...onProbe, functionName: 'fail', args: ['boom'], gas: 100_000n }),
  )
  sent.ephemeral = await seal(() =>
    walletClient.writeContract({
      ...onProbe,
      functionName: 'spawnEphemeral',
      args: [SALT],
      value: 3n,
      gas: 300_000n,
    }),
  )
  sent.burn = await seal(() =>
    walletClient.writeContract({ ...onProbe, functionName: 'burn', gas: 100_000n }),
  )
}

beforeAll(async () => {
  chain = await startTraceChain()
  anvil = await startAnvil()
  await sendAll(chain.url, ours, chain.sealedAfter)
  const { publicClient } = chainClients(anvil.url)
  await sendAll(anvil.url, theirs, async (send) => {
    const hash = await send()
    await publicClient.waitForTransactionReceipt({ hash })
    return hash
  })
  expect(chain.probeAddress).toBeDefined()
}, 60_000)

afterAll(async () => {
  anvil?.close()
  await chain?.started.close()
})

const trace = (url: string, hash: Hash, config: Json) =>
  call<Json>(url, 'debug_traceTransaction', [hash, config])

/**
 * The known differences from anvil (its tracers come from revm-inspectors):
 * its top frame's `gas` is what is left after intrinsic gas, where geth
 * reports the transaction's gas limit.
 */
function withoutTopGas(frame: Json): Json {
  const { gas: _, ...rest } = frame
  return rest
}

describe('traces compared with anvil', () => {
  it('callTracer with logs: the same tree, outputs, errors, revert reasons and logs', async () => {
    for (const key of ['transfer', 'nested', 'spawn', 'fail', 'burn', 'ephemeral'] as const) {
      const config = { tracer: 'callTracer', tracerConfig: { withLog: true } }
      const mine = await trace(chain.url, ours[key], config)
      const reference = await trace(anvil.url, theirs[key], config)
      expect(withoutTopGas(mine), key).toEqual(withoutTopGas(reference))
      if (key === 'ephemeral') expect(JSON.stringify(mine)).toContain('"type":"SELFDESTRUCT"')
      expect(mine.gas).toBe(
        `0x${({ nested: 300_000, spawn: 200_000, ephemeral: 300_000 }[key as string] ?? 100_000).toString(16)}`,
      )
    }
  })

  it('4byteTracer and prestateTracer (for the contracts) agree', async () => {
    for (const key of ['transfer', 'nested', 'spawn', 'ephemeral'] as const) {
      const fourByte = { tracer: '4byteTracer' }
      expect(await trace(chain.url, ours[key], fourByte)).toEqual(
        await trace(anvil.url, theirs[key], fourByte),
      )
      for (const diffMode of [false, true]) {
        const config = { tracer: 'prestateTracer', tracerConfig: { diffMode } }
        const mine = contractsOf(await trace(chain.url, ours[key], config), diffMode)
        const reference = contractsOf(await trace(anvil.url, theirs[key], config), diffMode)
        expect(mine, `${key} diffMode=${diffMode}`).toEqual(reference)
        expect(Object.keys(diffMode ? (mine.pre as Json) : mine)).not.toHaveLength(0)
      }
    }
  })

  it('struct logger: the same steps, gas, costs, stack, memory, storage and return data', async () => {
    let creates = 0
    const from = testDevAccounts[0]!.address
    const calls = [
      encodeFunctionData({ abi: probe.abi, functionName: 'nested', args: [3n] }),
      encodeFunctionData({ abi: probe.abi, functionName: 'spawn', args: [`0x${'22'.repeat(32)}`] }),
    ]
    for (const data of calls) {
      for (const config of [{}, { enableMemory: true, enableReturnData: true, disableStorage: true }]) {
        const request = { from, to: chain.probeAddress, gas: '0x493e0', data }
        const mine = await call<{ structLogs: Json[] }>(chain.url, 'debug_traceCall', [
          request,
          'latest',
          config,
        ])
        const reference = await call<{ structLogs: Json[] }>(anvil.url, 'debug_traceCall', [
          request,
          'latest',
          config,
        ])
        for (const log of reference.structLogs) withoutEmpty(log)
        expect(mine.structLogs.length).toBeGreaterThan(100)
        creates += withGethCreateCosts(mine.structLogs, reference.structLogs)
        expect(mine).toEqual(reference)
      }
    }
    expect(creates).toBe(2)
  })
})

describe('calls and creates refused before they start, compared with anvil', () => {
  const caller = '0x000000000000000000000000000000000000c0de'
  // From an account holding nothing, then STOP: CALL(gas 0xffff, 0xbeef, value 1, args 0..4, ret 0..0),
  // and CREATE(value 1, init code 0..4).
  const codes = {
    CALL: `0x600060006004600060017300${'00'.repeat(17)}beef61fffff100`,
    CREATE: '0x600460006001f000',
  }
  for (const [type, code] of Object.entries(codes)) {
    it(`a ${type} with more value than the caller holds: a frame with the error, as geth reports it`, async () => {
      const request = { from: testDevAccounts[0]!.address, to: caller, gas: '0x30d40' }
      const overrides = { stateOverrides: { [caller]: { code } } }
      const both = (config: Json) =>
        Promise.all(
          [chain.url, anvil.url].map((url) =>
            call<Json>(url, 'debug_traceCall', [request, 'latest', config]),
          ),
        )

      const [mine, reference] = await both({ tracer: 'callTracer', ...overrides })
      expect(withoutTopGas(mine!)).toEqual(withoutTopGas(reference!))
      expect((mine!.calls as Json[])[0]).toMatchObject({
        type,
        error: 'insufficient balance for transfer',
        gasUsed: '0x0',
      })

      const [steps, referenceSteps] = await both(overrides)
      for (const log of referenceSteps!.structLogs as Json[]) withoutEmpty(log)
      withGethCreateCosts(steps!.structLogs as Json[], referenceSteps!.structLogs as Json[])
      expect(steps).toEqual(referenceSteps)
    })
  }
})

/**
 * A CREATE's cost is its own in geth (gas_table.go); anvil adds the gas the
 * new frame gets, all but a 64th of what is left. Checks that, then puts
 * geth's cost in the reference; returns how many creates it saw.
 */
function withGethCreateCosts(mine: Json[], reference: Json[]): number {
  let creates = 0
  mine.forEach((log, i) => {
    if (log.op !== 'CREATE' && log.op !== 'CREATE2') return
    creates++
    const available = (log.gas as number) - (log.gasCost as number)
    const forwarded = available - Math.floor(available / 64)
    expect(reference[i]!.gasCost).toBe((log.gasCost as number) + forwarded)
    reference[i]!.gasCost = log.gasCost
  })
  return creates
}

/** anvil writes `refund: 0`, `memory: []` and `returnData: "0x"`; geth leaves empty fields out. */
function withoutEmpty(log: Json): void {
  if (log.refund === 0) delete log.refund
  if (Array.isArray(log.memory) && log.memory.length === 0) delete log.memory
  if (log.returnData === '0x') delete log.returnData
}

/**
 * The contracts' entries of a prestate trace: accounts with code, without
 * `codeHash` (geth writes it, anvil's tracer predates it). Senders and the
 * coinbase pay chain-specific fees and are left out.
 */
function contractsOf(result: Json, diffMode: boolean): Json {
  const pick = (accounts: Json, keep: Set<string>) =>
    Object.fromEntries(
      Object.entries(accounts)
        .filter(([address]) => keep.has(address))
        .map(([address, account]) => {
          const { codeHash: _, ...rest } = account as Json
          return [address, rest]
        }),
    )
  if (!diffMode) {
    const keep = new Set(
      Object.entries(result)
        .filter(([, a]) => (a as Json).code)
        .map(([address]) => address),
    )
    return pick(result, keep)
  }
  const { pre, post } = result as { pre: Json; post: Json }
  const keep = new Set(
    [...Object.entries(pre), ...Object.entries(post)]
      .filter(([, a]) => (a as Json).code || (a as Json).storage)
      .map(([address]) => address),
  )
  return { pre: pick(pre, keep), post: pick(post, keep) }
}
