import { KECCAK256_NULL } from '@ethereumjs/util'
import type { BlockContext } from '@rtevm/protocol'
import { createSenders } from '@rtevm/testkit'
import type { Hex } from 'viem'
import { expect, onTestFinished } from 'vitest'
import { createChainCommon } from '../executor/chainCommon.ts'
import { createExecutor, type Executor } from '../executor/createExecutor.ts'
import { createTransactionDecoder } from '../executor/decodeTransaction.ts'
import { createInlineRecovery } from '../executor/recovery/index.ts'
import { createRamState, type RamState } from '../state/index.ts'
import { createBackgroundCompiler } from './createBackgroundCompiler.ts'
import { createCompiledCodeCache } from './createCompiledCodeCache.ts'
import type { CompilerStats } from './installCompiler.ts'

const common = createChainCommon(31337n)
const context: BlockContext = {
  number: 1n,
  timestamp: 1_700_000_000n,
  baseFeePerGas: 1_000_000_000n,
  gasLimit: 60_000_000n,
  coinbase: new Uint8Array(20).fill(0xcb),
  prevRandao: new Uint8Array(32).fill(9),
}

type Side = { state: RamState; executor: Executor }

export type Outcome = { status?: number; gasUsed?: bigint; contractAddress?: string; error?: string }

/**
 * Two executors over equal states, one with `compileContracts` on (compiling
 * from a code's first call, on the worker thread as in production; each
 * transaction starts once what earlier ones queued is compiled): every
 * transaction runs on both and must leave the same receipt (status, gas,
 * logs, revert data, created address, bloom) and the same state diff.
 */
export async function createExecutorPair(senderCount: number, stats: CompilerStats) {
  const senders = createSenders(senderCount, 10n ** 26n, 16)
  const background = createBackgroundCompiler()
  onTestFinished(() => background.close())
  const decoder = createTransactionDecoder(common, createInlineRecovery())
  const side = async (compile: boolean): Promise<Side> => {
    const state = createRamState()
    for (const { address, balance } of senders.alloc) {
      state.putAccount(address.slice(2).toLowerCase(), { nonce: 0n, balance, codeHash: KECCAK256_NULL })
    }
    state.takeDiff()
    const executor = await createExecutor({
      common,
      state,
      compileContracts: compile,
      compiler: { cache: createCompiledCodeCache(), background, compileAfterCalls: 1, stats },
    })
    executor.openBlock(context)
    return { state, executor }
  }
  const reference = await side(false)
  const compiled = await side(true)
  let gasUsed = 0n

  /** Sends one transaction to both sides; returns the reference outcome after asserting both agree. */
  async function send(from: number, to: Hex | undefined, data: Hex, gasLimit = 3_000_000n): Promise<Outcome> {
    const signer = senders.signers[from]
    const nonce = reference.state.getAccount(signer.address.slice(2).toLowerCase())?.nonce ?? 0n
    const raw = signer.sign({
      type: 2,
      nonce,
      to,
      data,
      gasLimit,
      maxFeePerGas: 2_000_000_000n,
      maxPriorityFeePerGas: 1n,
    })
    if (gasUsed > 40_000_000n) {
      gasUsed = 0n
      for (const { executor } of [reference, compiled]) executor.openBlock(context)
    }
    await background.idle()
    const outcomes = await Promise.all(
      [reference, compiled].map(async ({ executor }) => {
        try {
          return await executor.execute(await decoder.decode(raw), gasUsed)
        } catch (error) {
          return { error: (error as Error).message }
        }
      }),
    )
    expect(outcomes[1]).toEqual(outcomes[0])
    expect(compiled.state.takeDiff()).toEqual(reference.state.takeDiff())
    const outcome = outcomes[0]
    if ('error' in outcome) return { error: outcome.error }
    gasUsed += outcome.receipt.gasUsed
    const created = outcome.receipt.contractAddress
    return {
      status: outcome.receipt.status,
      gasUsed: outcome.receipt.gasUsed,
      contractAddress: created && `0x${Buffer.from(created).toString('hex')}`,
    }
  }

  // The reference side's state, for tests that run more over what `send` built (it equals the compiled side's).
  return { send, addresses: senders.signers.map((s) => s.address as Hex), state: reference.state, context }
}
