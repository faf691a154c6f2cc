import { readdirSync } from 'node:fs'
import type { CallRequest } from '@rtevm/protocol'
import { compileTestContracts } from '@rtevm/testkit'
import { encodeDeployData, encodeFunctionData, type Hex, hexToBytes, maxUint256 } from 'viem'
import { describe, expect, it, onTestFinished } from 'vitest'
import { deployMarket, playgroundArtifact } from '../bench/playgroundMarket.ts'
import { createExecutorPair } from '../evmCompiler/contractsTestSupport.ts'
import { createBackgroundCompiler, createCompilerStats } from '../evmCompiler/index.ts'
import { createCaller } from './createCaller.ts'

const orderBook = playgroundArtifact('OrderBook')
const playToken = playgroundArtifact('TestToken')
const arena = playgroundArtifact('Arena')
const contracts = compileTestContracts()

function call(abi: typeof orderBook.abi, functionName: string, args: unknown[] = []): Uint8Array {
  return hexToBytes(
    encodeFunctionData({ abi, functionName, args } as Parameters<typeof encodeFunctionData>[0]),
  )
}

/** The test token and probe, the playground's tokens, order book (with resting orders) and arena, on a RAM state. */
async function playground() {
  const { send, addresses, state, context } = await createExecutorPair(2, createCompilerStats())
  const deploy = async (data: Hex) => (await send(0, undefined, data, 10_000_000n)).contractAddress as Hex
  const { base, quote, book } = await deployMarket(deploy)
  const game = await deploy(arena.bytecode)
  const token = await deploy(
    encodeDeployData({ abi: contracts.token.abi, bytecode: contracts.token.bytecode, args: [10n ** 24n] }),
  )
  const probe = await deploy(contracts.probe.bytecode)
  const hex = (data: Uint8Array) => `0x${Buffer.from(data).toString('hex')}` as Hex
  for (const who of [0, 1]) {
    for (const asset of [base, quote]) {
      await send(who, asset, hex(call(playToken.abi, 'mint', [addresses[who], 10n ** 24n])))
      await send(who, asset, hex(call(playToken.abi, 'approve', [book, maxUint256])))
    }
  }
  await send(0, book, hex(call(orderBook.abi, 'placeLimit', [true, 100, 5n])))
  await send(1, book, hex(call(orderBook.abi, 'placeLimit', [false, 105, 4n])))
  const [alice, bob] = addresses
  return {
    state,
    context,
    alice,
    bob,
    base: hexToBytes(base),
    book: hexToBytes(book),
    game: hexToBytes(game),
    token: hexToBytes(token),
    probe: hexToBytes(probe),
  }
}

describe('eth_call with compiled contracts', () => {
  it('answers call, estimateGas and createAccessList exactly as the interpreter does', async () => {
    const { state, context, alice, bob, base, book, game, token, probe } = await playground()
    const t = contracts.token.abi
    const p = contracts.probe.abi
    const stats = createCompilerStats()
    const background = createBackgroundCompiler()
    onTestFinished(() => background.close())
    const interpreted = createCaller({ state, compileContracts: false })
    const compiled = createCaller({ state, compiler: { background, compileAfterCalls: 1, stats } })
    const from = hexToBytes(alice)
    const other = hexToBytes(bob)
    const requests: CallRequest[] = [
      { from, to: base, data: call(playToken.abi, 'balanceOf', [alice]) },
      { from, to: base, data: call(playToken.abi, 'transfer', [bob, 10n ** 18n]) },
      { from, to: base, data: call(playToken.abi, 'transfer', [bob, 10n ** 30n]) }, // reverts
      { from, to: book, data: call(orderBook.abi, 'placeLimit', [true, 101, 3n]) },
      { from: other, to: book, data: call(orderBook.abi, 'placeMarket', [false, 6n, 1]) },
      { from: other, to: book, data: call(orderBook.abi, 'cancel', [1n]) }, // not bob's order
      { from, to: book, data: call(orderBook.abi, 'cancel', [1n]) },
      { from, to: book, data: call(orderBook.abi, 'placeLimit', [true, 99, 1n]), gas: 40_000n }, // out of gas
      { from, to: game, data: call(arena.abi, 'join') },
      { from, to: token, data: call(t, 'transfer', [bob, 1000n]) },
      { from, to: token, data: call(t, 'transfer', [bob, 10n ** 30n]) }, // custom-error revert
      { from, to: probe, data: call(p, 'set', [1n, 2n]) },
      { from, to: probe, data: call(p, 'setThenRevert', [3n, 4n, 5n]) },
      { from, to: probe, data: call(p, 'fail', ['why']) },
      { from, to: probe, data: call(p, 'nested', [7n]) },
      { from, to: probe, data: call(p, 'spawn', [`0x${'01'.repeat(32)}`]) },
      { from, to: probe, data: call(p, 'burn'), gas: 123_457n },
    ]
    // The first round finds the interpreter and queues each code for the worker; later rounds run it compiled.
    for (let round = 0; round < 3; round++) {
      for (const request of requests) {
        await background.idle()
        expect(await compiled.call(request, context)).toEqual(await interpreted.call(request, context))
        // One at a time: both callers run on the same state.
        const estimated = await compiled.estimateGas(request, context).catch((error: Error) => error.message)
        expect(estimated).toEqual(
          await interpreted.estimateGas(request, context).catch((error: Error) => error.message),
        )
        expect(await compiled.createAccessList(request, context)).toEqual(
          await interpreted.createAccessList(request, context),
        )
      }
    }
    expect(stats.compiledFrames).toBeGreaterThan(stats.interpretedFrames)
  })

  it('keeps traces interpreted: a traced call of compiled code reports every step', async () => {
    const { state, context, alice, book } = await playground()
    const stats = createCompilerStats()
    const background = createBackgroundCompiler()
    onTestFinished(() => background.close())
    const interpreted = createCaller({ state, compileContracts: false })
    const compiled = createCaller({ state, compiler: { background, compileAfterCalls: 1, stats } })
    const request = {
      from: hexToBytes(alice),
      to: book,
      data: call(orderBook.abi, 'placeLimit', [true, 101, 3n]),
    }
    for (let round = 0; round < 3; round++) {
      await compiled.call(request, context)
      await background.idle()
    }
    expect(stats.compiledFrames).toBeGreaterThan(0)

    const stepsOf = async (caller: typeof compiled) => {
      const steps: string[] = []
      const onStep = (
        step: { pc: number; opcode: { name: string }; depth: number },
        resolve?: () => void,
      ) => {
        steps.push(`${step.depth}:${step.pc}:${step.opcode.name}`)
        resolve?.()
      }
      await caller.observeCall(request, context, (vm) => {
        vm.evm.events!.on('step', onStep)
        return { finish: () => {}, stop: () => vm.evm.events!.off('step', onStep) }
      })
      return steps
    }
    const compiledBefore = stats.compiledFrames
    const traced = await stepsOf(compiled)
    expect(stats.compiledFrames).toBe(compiledBefore)
    expect(traced.length).toBeGreaterThan(100)
    expect(traced).toEqual(await stepsOf(interpreted))
  })

  it('stops the compile worker it owns on close, and still answers afterwards', async () => {
    const { state, context, alice, book } = await playground()
    const threads = () => readdirSync('/proc/self/task').length
    const stats = createCompilerStats()
    const caller = createCaller({ state, compiler: { compileAfterCalls: 1, stats } })
    const request = {
      from: hexToBytes(alice),
      to: book,
      data: call(orderBook.abi, 'placeLimit', [true, 101, 3n]),
    }
    const expected = await caller.call(request, context)
    // The caller's own worker compiles in the background: calls turn compiled once it is done.
    for (let i = 0; i < 500 && stats.compiledFrames === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
      await caller.call(request, context)
    }
    expect(stats.compiledFrames).toBeGreaterThan(0)
    const running = threads()
    await caller.close()
    expect(threads()).toBeLessThan(running)
    expect(await caller.call(request, context)).toEqual(expected)
  })
})
