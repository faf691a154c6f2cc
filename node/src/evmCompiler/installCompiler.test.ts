import { compileSolidity, compileTestContracts } from '@rtevm/testkit'
import fc from 'fast-check'
import { encodeDeployData, encodeFunctionData, type Hex, maxUint256, zeroAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import { benchTokenSource } from '../bench/benchToken.ts'
import { deployMarket, playgroundArtifact } from '../bench/playgroundMarket.ts'
import { createExecutorPair } from './contractsTestSupport.ts'
import { createCompiledCodeCache } from './createCompiledCodeCache.ts'
import { createDifferential, expectSameOutcome, SENDER } from './differentialTestSupport.ts'
import { createCompilerStats, installCompiler } from './installCompiler.ts'
import { PROGRAM_A, PROGRAM_B } from './randomProgramTestSupport.ts'

const contracts = compileTestContracts()
const bench = compileSolidity({ 'BenchToken.sol': benchTokenSource }).BenchToken
const orderBook = playgroundArtifact('OrderBook')
const playToken = playgroundArtifact('TestToken')
const arena = playgroundArtifact('Arena')

function call(abi: typeof contracts.token.abi, functionName: string, args: unknown[] = []): Hex {
  return encodeFunctionData({ abi, functionName, args } as Parameters<typeof encodeFunctionData>[0])
}

describe('compiled contracts through the executor', () => {
  it('match the interpreter on the test token, probe, bench token and playground', async () => {
    const stats = createCompilerStats()
    const { send, addresses } = await createExecutorPair(3, stats)
    const [alice, bob] = addresses
    const deploy = async (data: Hex) => {
      const outcome = await send(0, undefined, data, 10_000_000n)
      expect(outcome.status).toBe(1)
      return outcome.contractAddress as Hex
    }
    const token = await deploy(
      encodeDeployData({ abi: contracts.token.abi, bytecode: contracts.token.bytecode, args: [10n ** 24n] }),
    )
    const probe = await deploy(contracts.probe.bytecode)
    const benchToken = await deploy(bench.bytecode)
    const { base, quote, book } = await deployMarket(deploy)
    const game = await deploy(arena.bytecode)

    const t = contracts.token.abi
    expect((await send(0, token, call(t, 'transfer', [bob, 1000n]))).status).toBe(1)
    expect((await send(0, token, call(t, 'transfer', [bob, 10n ** 30n]))).status).toBe(0) // custom-error revert
    await send(0, token, call(t, 'transfer', [zeroAddress, 1n])) // require-string revert
    await send(0, token, call(t, 'approve', [bob, maxUint256]))
    await send(1, token, call(t, 'transferFrom', [alice, bob, 5n]))
    await send(1, token, call(t, 'transferFrom', [bob, alice, 5n])) // no allowance

    const p = contracts.probe.abi
    await send(0, probe, call(p, 'bump', ['0x1234']))
    await send(0, probe, call(p, 'set', [1n, 2n]))
    await send(0, probe, call(p, 'set', [1n, 0n])) // refund
    await send(0, probe, call(p, 'setThenRevert', [3n, 4n, 5n]))
    await send(0, probe, call(p, 'fail', ['why']))
    await send(0, probe, call(p, 'nested', [7n]))
    await send(0, probe, call(p, 'toggle', [7n]))
    expect((await send(0, probe, call(p, 'spawn', [`0x${'01'.repeat(32)}`]))).status).toBe(1)
    await send(0, probe, call(p, 'spawn', [`0x${'01'.repeat(32)}`])) // CREATE2 collision
    await send(0, probe, call(p, 'spawnEphemeral', [`0x${'02'.repeat(32)}`]))
    for (const gas of [30_000n, 60_000n, 123_457n, 300_000n]) await send(0, probe, call(p, 'burn'), gas)

    await send(0, benchToken, call(bench.abi, 'mint', [alice, 10n ** 20n]))
    await send(0, benchToken, call(bench.abi, 'transfer', [bob, 10n ** 18n]))
    await send(1, benchToken, call(bench.abi, 'transfer', [alice, 10n ** 30n]))

    const pt = playToken.abi
    for (const who of [0, 1]) {
      for (const asset of [base, quote]) {
        await send(who, asset, call(pt, 'mint', [addresses[who], 10n ** 24n]))
        await send(who, asset, call(pt, 'approve', [book, maxUint256]))
      }
    }
    const ob = orderBook.abi
    expect((await send(0, book, call(ob, 'placeLimit', [true, 100, 5n]))).status).toBe(1)
    await send(0, book, call(ob, 'placeLimit', [true, 101, 3n]))
    await send(1, book, call(ob, 'placeLimit', [false, 105, 4n]))
    expect((await send(1, book, call(ob, 'placeMarket', [false, 6n, 1]))).status).toBe(1)
    await send(0, book, call(ob, 'placeMarket', [true, 2n, 200]))
    await send(0, book, call(ob, 'cancel', [1n]))
    await send(1, book, call(ob, 'cancel', [1n])) // already cancelled / not the owner
    expect((await send(0, game, call(arena.abi, 'join'))).status).toBe(1)
    await send(0, game, call(arena.abi, 'move', [2]))
    await send(0, game, call(arena.abi, 'leave'))

    // Out of gas at many points of real contract code.
    const transfer = call(t, 'transfer', [bob, 1n])
    for (let gas = 21_000n; gas < 60_000n; gas += 97n) await send(0, token, transfer, gas)
    const limit = call(ob, 'placeLimit', [true, 99, 1n])
    for (let gas = 21_000n; gas < 260_000n; gas += 613n) await send(0, book, limit, gas)

    expect(stats.compiledFrames).toBeGreaterThan(stats.interpretedFrames)
  })

  it('match the interpreter on random order-book and token traffic', async () => {
    const stats = createCompilerStats()
    const { send, addresses } = await createExecutorPair(3, stats)
    const deploy = async (data: Hex) => (await send(0, undefined, data, 10_000_000n)).contractAddress as Hex
    const { base, quote, book } = await deployMarket(deploy)
    for (const who of [0, 1, 2]) {
      for (const asset of [base, quote]) {
        await send(who, asset, call(playToken.abi, 'mint', [addresses[who], 10n ** 24n]))
        await send(who, asset, call(playToken.abi, 'approve', [book, maxUint256]))
      }
    }
    const action = fc.record({
      who: fc.integer({ min: 0, max: 2 }),
      kind: fc.constantFrom('limit', 'market', 'cancel', 'transfer'),
      isBuy: fc.boolean(),
      tick: fc.integer({ min: 90, max: 110 }),
      size: fc.bigInt({ min: 0n, max: 20n }),
      id: fc.bigInt({ min: 0n, max: 40n }),
      gas: fc.oneof(fc.constant(2_000_000n), fc.bigInt({ min: 21_000n, max: 400_000n })),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
        for (const a of actions) {
          const data =
            a.kind === 'limit'
              ? call(orderBook.abi, 'placeLimit', [a.isBuy, a.tick, a.size])
              : a.kind === 'market'
                ? call(orderBook.abi, 'placeMarket', [a.isBuy, a.size, a.isBuy ? 65_535 : 1])
                : a.kind === 'cancel'
                  ? call(orderBook.abi, 'cancel', [a.id])
                  : call(playToken.abi, 'transfer', [addresses[(a.who + 1) % 3], a.size])
          await send(a.who, a.kind === 'transfer' ? base : book, data, a.gas)
        }
      }),
      { numRuns: 25, seed: 16 },
    )
    expect(stats.compiledFrames).toBeGreaterThan(stats.interpretedFrames)
  })

  it('leaves an EVM of another shape alone (fails closed)', () => {
    const cache = createCompiledCodeCache()
    const stranger = { runInterpreter: async () => ({}), _opcodeMap: [], common: {} }
    expect(installCompiler(stranger, { cache, background: false })).toBe(false)
    expect(installCompiler(undefined, { cache, background: false })).toBe(false)
  })

  it('keeps a bounded cache, dropping the oldest code first', () => {
    const cache = createCompiledCodeCache(2)
    for (const key of ['a', 'b', 'c']) cache.set(key, null)
    expect(cache.size).toBe(2)
    expect(cache.get('a')).toBeUndefined()
    expect(cache.get('c')).toBeNull()
  })
})

describe('compiler stats', () => {
  it("count each frame's own gas: a call's gas goes to the frame that spent it", async () => {
    const stats = createCompilerStats()
    // A: CALL(50 000 gas, B, no value, no data), then STOP. B: SSTORE(0, 1), a 22 100-gas write.
    const callB = [
      0x60,
      0x00,
      0x60,
      0x00,
      0x60,
      0x00,
      0x60,
      0x00,
      0x60,
      0x00,
      0x73,
      ...new Array(20).fill(0xbb),
    ]
    const a = Uint8Array.from([...callB, 0x61, 0xc3, 0x50, 0xf1, 0x50, 0x00])
    const b = Uint8Array.from([0x60, 0x01, 0x60, 0x00, 0x55, 0x00])
    const differential = await createDifferential(
      [
        { address: SENDER, code: new Uint8Array(0), balance: 10n ** 21n },
        { address: PROGRAM_A, code: a },
        { address: PROGRAM_B, code: b },
      ],
      stats,
    )
    const call = { to: PROGRAM_A, data: new Uint8Array(0), value: 0n, gasLimit: 200_000n }
    await expectSameOutcome(differential, call) // interprets the first frame (see createDifferential)
    const before = { ...stats }
    const { executionGasUsed } = await expectSameOutcome(differential, call)
    expect(stats.compiledFrames - before.compiledFrames).toBe(2)
    expect(stats.compiledGas - before.compiledGas).toBe(executionGasUsed)
    expect(stats.interpretedGas).toBe(before.interpretedGas)
  })
})
