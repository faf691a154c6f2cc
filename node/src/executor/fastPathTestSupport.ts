// Test support for the executor's fast-path tests (plain transfers, lean calls), each run against
// EthereumJS's runTx on an equal state; not part of the folder's public surface.

import type { TypedTxData } from '@ethereumjs/tx'
import { KECCAK256_NULL } from '@ethereumjs/util'
import type { BlockContext } from '@rtevm/protocol'
import type { Senders } from '@rtevm/testkit'
import fc from 'fast-check'
import { expect } from 'vitest'
import { createRamState, type RamState } from '../state/index.ts'
import { createChainCommon } from './chainCommon.ts'
import { createExecutor, type Executor, type ExecutorOptions } from './createExecutor.ts'
import { createTransactionDecoder } from './decodeTransaction.ts'
import { createInlineRecovery } from './recovery/index.ts'

export const GWEI = 1_000_000_000n
/** An account that exists but is empty: EIP-161 treats calls and transfers to it apart. */
export const EMPTY_ACCOUNT = `0x${'e0'.padStart(40, '0')}` as const

export const decoder = createTransactionDecoder(createChainCommon(31337n), createInlineRecovery())

/** Fee arbitraries of a fuzzed transaction: some below the base fee, some tips above the cap. */
export const feeArbitraries = {
  tip: fc.constantFrom(0n, 1n, GWEI),
  maxFee: fc.constantFrom(GWEI / 2n, GWEI, 3n * GWEI),
}

/** The context of block 1 with the given base fee and coinbase. */
export function blockContext(baseFeePerGas: bigint, coinbase: Uint8Array): BlockContext {
  return {
    number: 1n,
    timestamp: 1_700_000_000n,
    baseFeePerGas,
    gasLimit: 30_000_000n,
    coinbase,
    prevRandao: new Uint8Array(32),
  }
}

/** One executor over its own state: the fast path's side, or runTx's. */
export type Side = { state: RamState; executor: Executor }

/**
 * A state holding the senders' funded accounts and EMPTY_ACCOUNT, and an executor over it
 * (with the paths `paths` turns on or off) with block `context` open. The `setup`
 * transactions run first and must succeed; the state's diff starts after them.
 */
export async function createSide(
  senders: Senders,
  paths: Pick<ExecutorOptions, 'fastTransfers' | 'leanCalls'>,
  context: BlockContext,
  setup: readonly Uint8Array[] = [],
): Promise<Side> {
  const state = createRamState()
  for (const { address, balance } of senders.alloc) {
    state.putAccount(address.slice(2).toLowerCase(), { nonce: 0n, balance, codeHash: KECCAK256_NULL })
  }
  state.putAccount(EMPTY_ACCOUNT.slice(2), { nonce: 0n, balance: 0n, codeHash: KECCAK256_NULL })
  const executor = await createExecutor({ common: createChainCommon(31337n), state, ...paths })
  executor.openBlock(context)
  let gasUsed = 0n
  for (const raw of setup) {
    const { receipt } = await executor.execute(await decoder.decode(raw), gasUsed)
    expect(receipt.status).toBe(1)
    gasUsed += receipt.gasUsed
  }
  state.takeDiff()
  return { state, executor }
}

/** How a fuzzed transaction is signed: by which sender, of which type, at which fees, with which nonce skew. */
export type FuzzedSigning = { sender: number; type: number; tip: bigint; maxFee: bigint; nonceSkew: bigint }

/**
 * Signs `fields` as `signing` says: the nonce is the sender's next on `reference` plus the
 * skew; a type 2 transaction pays `maxFee` with a tip of at most that, the others a gas price.
 */
export function signFuzzed(
  senders: Senders,
  reference: Side,
  signing: FuzzedSigning,
  fields: Omit<TypedTxData, 'type' | 'nonce' | 'gasPrice' | 'maxFeePerGas' | 'maxPriorityFeePerGas'>,
): Uint8Array {
  const signer = senders.signers[signing.sender]
  const nonce =
    (reference.state.getAccount(signer.address.slice(2).toLowerCase())?.nonce ?? 0n) + signing.nonceSkew
  const { type, tip, maxFee } = signing
  const fees =
    type === 2
      ? { maxFeePerGas: maxFee, maxPriorityFeePerGas: tip < maxFee ? tip : maxFee }
      : { gasPrice: maxFee }
  return signer.sign({ type, nonce, ...fields, ...fees })
}

/**
 * Runs `raw` on both sides and expects the same outcome (the receipt, or the rejection as
 * `rejection` tells it) and the same state diff, the fast side with no checkpoint left
 * open. Returns the block's gas used after the transaction.
 */
export async function expectSameOutcome(
  fast: Side,
  reference: Side,
  raw: Uint8Array,
  gasUsed: bigint,
  rejection: (error: Error) => string,
): Promise<bigint> {
  const outcomes = await Promise.all(
    [fast, reference].map(async ({ executor }) => {
      try {
        return await executor.execute(await decoder.decode(raw), gasUsed)
      } catch (error) {
        return { error: rejection(error as Error) }
      }
    }),
  )
  expect(outcomes[0]).toEqual(outcomes[1])
  expect(fast.state.depth()).toBe(0)
  expect(fast.state.takeDiff()).toEqual(reference.state.takeDiff())
  return 'receipt' in outcomes[1] ? gasUsed + outcomes[1].receipt.gasUsed : gasUsed
}
