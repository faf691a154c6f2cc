import { type Block, createBlock } from '@ethereumjs/block'
import { createLegacyTx } from '@ethereumjs/tx'
import { bytesToHex, createAddressFromString, hexToBytes, KECCAK256_NULL } from '@ethereumjs/util'
import { createVM, runTx, type VM } from '@ethereumjs/vm'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { expect } from 'vitest'
import { createChainCommon } from '../executor/chainCommon.ts'
import { createRamStateManager } from '../executor/ramStateManager.ts'
import { createRamState, type RamState } from '../state/index.ts'
import type { BackgroundCompiler } from './createBackgroundCompiler.ts'
import { createCompiledCodeCache } from './createCompiledCodeCache.ts'
import { type CompilerStats, installCompiler } from './installCompiler.ts'

export const SENDER_KEY = hexToBytes(`0x${'42'.repeat(32)}`)
export const COINBASE = `0x${'cb'.repeat(20)}`

/** Accounts of a test world: address (0x-prefixed) → code (may be empty) and balance. */
export type World = { address: string; code: Uint8Array; balance?: bigint; storage?: [bigint, bigint][] }[]

type Side = { state: RamState; vm: VM }

/**
 * One VM interpreting, one compiling (from the first call), on equal copies
 * of the same world: synchronously, or with `background`, on its worker
 * (wait for `background.idle()` to run what it compiled).
 */
export type Differential = {
  interpreted: Side
  compiled: Side
  stats: CompilerStats
  block: Block
}

const common = createChainCommon(31337n)

export async function createDifferential(
  world: World,
  stats: CompilerStats,
  background: BackgroundCompiler | false = false,
): Promise<Differential> {
  const block = createBlock(
    {
      header: {
        number: 1n,
        timestamp: 1_700_000_000n,
        baseFeePerGas: 7n,
        gasLimit: 30_000_000n,
        coinbase: createAddressFromString(COINBASE),
        mixHash: new Uint8Array(32).fill(3),
      },
    },
    { common, skipConsensusFormatValidation: true },
  )
  const side = async (compile: boolean): Promise<Side> => {
    const state = createRamState()
    for (const account of world) seedAccount(state, account)
    state.takeDiff()
    const vm = await createVM({ common, stateManager: createRamStateManager(state) })
    if (compile) {
      const installed = installCompiler(vm.evm, {
        cache: createCompiledCodeCache(),
        background,
        compileAfterCalls: 1,
        stats,
      })
      expect(installed).toBe(true)
    }
    return { state, vm }
  }
  return { interpreted: await side(false), compiled: await side(true), stats, block }
}

function seedAccount(state: RamState, account: World[number]): void {
  const key = account.address.slice(2).toLowerCase()
  const codeHash = account.code.length > 0 ? keccak_256(account.code) : KECCAK256_NULL
  if (account.code.length > 0) state.putCode(codeHash, account.code)
  state.putAccount(key, {
    nonce: account.code.length > 0 ? 1n : 0n,
    balance: account.balance ?? 0n,
    codeHash,
  })
  for (const [slot, value] of account.storage ?? []) {
    state.putStorage(
      key,
      slot.toString(16).padStart(64, '0'),
      hexToBytes(`0x${value.toString(16).padStart(64, '0')}`),
    )
  }
}

export type Call = { to?: `0x${string}`; data: Uint8Array; value: bigint; gasLimit: bigint }

/**
 * Runs one transaction on both sides from the same state and asserts the
 * outcomes are identical: status and error, gas used, refund, return data,
 * logs, created address and the state diff. Resolves with the outcome.
 */
export async function expectSameOutcome(
  differential: Differential,
  call: Call,
): Promise<{ executionGasUsed?: bigint }> {
  const outcomes = await Promise.all(
    [differential.interpreted, differential.compiled].map((side) => runOnce(side, differential.block, call)),
  )
  expect(outcomes[1]).toEqual(outcomes[0])
  return outcomes[1].outcome as { executionGasUsed?: bigint }
}

async function runOnce(side: Side, block: Block, call: Call) {
  const nonce = side.state.getAccount(senderKey())?.nonce ?? 0n
  const tx = createLegacyTx(
    { nonce, gasPrice: 10n, gasLimit: call.gasLimit, to: call.to, data: call.data, value: call.value },
    { common },
  ).sign(SENDER_KEY)
  let outcome: Record<string, unknown>
  try {
    const result = await runTx(side.vm, { tx, block, skipHardForkValidation: true })
    const exec = result.execResult
    outcome = {
      gasUsed: result.totalGasSpent,
      refund: result.gasRefund,
      error: exec.exceptionError?.error,
      executionGasUsed: exec.executionGasUsed,
      returnValue: bytesToHex(exec.returnValue),
      logs: (exec.logs ?? []).map(([address, topics, data]) => [address, topics, data].map(hexOf)),
      receiptLogs: result.receipt.logs.length,
      createdAddress: result.createdAddress?.toString(),
      ...finalFrame(
        exec.exceptionError === undefined ? (exec as { runState?: FrameState }).runState : undefined,
      ),
    }
  } catch (error) {
    outcome = { rejected: (error as Error).message }
  }
  return { outcome, diff: side.state.takeDiff() }
}

type FrameState = {
  stack?: { _store: bigint[]; _len: number }
  memory?: { _store: Uint8Array }
  memoryWordCount?: bigint
}

/** The outer frame's final stack and memory, after a successful run: the values no other check sees. */
function finalFrame(state: FrameState | undefined) {
  if (state?.stack === undefined || state.memory === undefined) return {}
  return {
    stack: state.stack._store.slice(0, state.stack._len),
    memory: bytesToHex(state.memory._store.subarray(0, Number(state.memoryWordCount ?? 0n) * 32)),
  }
}

function hexOf(value: Uint8Array | Uint8Array[]): string | string[] {
  return Array.isArray(value) ? value.map((item) => bytesToHex(item)) : bytesToHex(value)
}

/** The address every differential transaction is sent from; fund it in the world. */
export const SENDER = createLegacyTx({}, { common }).sign(SENDER_KEY).getSenderAddress().toString()

function senderKey(): string {
  return SENDER.slice(2)
}
