// Stateless verification figures on blocks of 1 000 ERC-20 transfers: blocks/s
// per worker, the cost of building a witness at seal time, and its size.
// Runs alone: node --import tsx node/src/verifier/verifier.bench.ts
import { pathToFileURL } from 'node:url'
import { KECCAK256_NULL } from '@ethereumjs/util'
import { type BenchResult, encodeWitness } from '@rtevm/protocol'
import { createSenders, type Senders } from '@rtevm/testkit'
import { erc20Workload } from '../bench/workloads.ts'
import { defineConfig } from '../config/index.ts'
import {
  createChainCommon,
  createExecutor,
  createInlineRecovery,
  createTransactionDecoder,
  type DecodedTransaction,
} from '../executor/index.ts'
import { createSequencer } from '../sequencer/index.ts'
import { createRamState, type RamState } from '../state/index.ts'
import { recordAccess } from '../witness/index.ts'
import { type BlockToVerify, createStatelessVerifier } from './createStatelessVerifier.ts'
import { createWitnessFollower } from './witnessFollower.ts'

const log = (message: string) => console.error(`  ${message}`)
const TX_PER_BLOCK = 1000
// Measured blocks, after one warm-up block.
const BLOCKS = 5
// One transfer per sender per block: every block touches ~1 000 accounts and ~2 000 token slots.
const SENDERS = 1001

/** Verifier throughput and witness cost; about 40 s. */
export async function benchVerifier(): Promise<BenchResult[]> {
  const recording = await recordingCost()
  const { blocks, prepareMs, sealMs } = await erc20Blocks(BLOCKS + 1)
  const verifier = createStatelessVerifier({ chainId: 31337n })
  const verifyMs: number[] = []
  for (const block of blocks) {
    const started = performance.now()
    const result = await verifier.verify(block)
    verifyMs.push(performance.now() - started)
    if (!result.ok)
      throw new Error(`bench block ${block.header.number} failed verification: ${result.reason}`)
  }
  const measured = verifyMs.slice(1)
  const blocksPerSecond = 1000 / mean(measured)
  const sizes = blocks.map((b) => encodeWitness(b.witness).length)
  const atSeal = mean(sealMs.slice(1))
  const total = mean(sealMs.slice(1).map((ms, i) => ms + prepareMs[i + 1]))
  const show = (values: number[]) => values.map((ms) => ms.toFixed(1)).join(', ')
  log(`verify: ${measured.map((ms) => ms.toFixed(0)).join(', ')} ms per block of ${TX_PER_BLOCK}`)
  log(`witness: prepare ${show(prepareMs)} ms, seal ${show(sealMs)} ms; sizes ${sizes.join(', ')} bytes`)
  return [
    {
      name: `stateless verifier blocks/s per worker (${TX_PER_BLOCK} ERC-20 transfers per block)`,
      value: blocksPerSecond,
      unit: 'blocks/s',
      better: 'higher',
    },
    {
      name: `stateless verifier transactions/s per worker (ERC-20)`,
      value: blocksPerSecond * TX_PER_BLOCK,
      unit: 'tx/s',
      better: 'higher',
    },
    {
      name: `witness proving per block of ${TX_PER_BLOCK} ERC-20 transfers (all of it)`,
      value: total,
      unit: 'ms',
      better: 'lower',
    },
    {
      name: `witness work left at the seal when proving between mini-blocks`,
      value: atSeal,
      unit: 'ms',
      better: 'lower',
    },
    {
      name: 'sequencer ERC-20 execution with access recording (witness hook)',
      value: recording.recorded,
      unit: 'tx/s',
      better: 'higher',
      baseline: { name: 'without recording', value: recording.plain },
    },
    {
      name: `witness size per ERC-20 transfer`,
      value: mean(sizes.slice(1)) / TX_PER_BLOCK,
      unit: 'bytes',
      better: 'lower',
    },
  ]
}

/** Runs `count` blocks of ERC-20 transfers through a real sequencer and makes their witnesses. */
async function erc20Blocks(
  count: number,
): Promise<{ blocks: BlockToVerify[]; prepareMs: number[]; sealMs: number[] }> {
  const senders = createSenders(SENDERS)
  const config = defineConfig({ blockIntervalMs: 2 ** 31 - 1, alloc: senders.alloc, recoveryWorkers: 1 })
  const sequencer = await createSequencer(config)
  try {
    const { setup, raws } = await erc20Workload.prepare(senders, count * TX_PER_BLOCK)
    await Promise.all(setup.map((raw) => sequencer.submit(raw)))
    await sequencer.sealBlock()
    for (let b = 0; b < count; b++) {
      await Promise.all(
        raws.slice(b * TX_PER_BLOCK, (b + 1) * TX_PER_BLOCK).map((raw) => sequencer.submit(raw)),
      )
      await sequencer.sealBlock()
    }
    const follower = await createWitnessFollower(config)
    const blocks: BlockToVerify[] = []
    for (const { event } of sequencer.events.readFrom(1n, 1 << 30)) {
      const block = await follower.apply(event)
      if (block) blocks.push(block)
    }
    // The setup block (deploy and mints) is not one of the measured blocks.
    return {
      blocks: blocks.slice(1),
      prepareMs: follower.prepareMs.slice(1),
      sealMs: follower.sealMs.slice(1),
    }
  } finally {
    await sequencer.close()
  }
}

/** ERC-20 transfers/s through the executor on plain RAM state and on `recordAccess` over it, alternating rounds. */
async function recordingCost(): Promise<{ plain: number; recorded: number }> {
  const senders = createSenders(SENDERS)
  const rounds = 4
  const { setup, raws } = await erc20Workload.prepare(senders, rounds * 2 * TX_PER_BLOCK)
  const common = createChainCommon(31337n)
  const decoder = createTransactionDecoder(common, createInlineRecovery())
  const decode = (list: Uint8Array[]) => Promise.all(list.map((raw) => decoder.decode(raw)))
  const run = async (state: RamState, txs: DecodedTransaction[]) => {
    const executor = await createExecutor({ common, state })
    executor.openBlock({
      number: 1n,
      timestamp: 1n,
      baseFeePerGas: 1_000_000_000n,
      gasLimit: 10n ** 12n,
      coinbase: new Uint8Array(20),
      prevRandao: new Uint8Array(32),
    })
    const started = performance.now()
    for (const tx of txs) await executor.execute(tx, 0n)
    return performance.now() - started
  }
  const plainState = fundedState(senders)
  const recorded = recordAccess(fundedState(senders))
  const setupTxs = await decode(setup)
  await run(plainState, setupTxs)
  await run(recorded.state, setupTxs)
  recorded.take()
  let plainMs = 0
  let recordedMs = 0
  for (let r = 0; r < rounds; r++) {
    const first = await decode(raws.slice(2 * r * TX_PER_BLOCK, (2 * r + 1) * TX_PER_BLOCK))
    const second = await decode(raws.slice((2 * r + 1) * TX_PER_BLOCK, (2 * r + 2) * TX_PER_BLOCK))
    // Both states see the same transactions; which goes first alternates.
    if (r % 2 === 0) {
      plainMs += (await run(plainState, first)) + (await run(plainState, second))
      recordedMs += (await run(recorded.state, first)) + (await run(recorded.state, second))
    } else {
      recordedMs += (await run(recorded.state, first)) + (await run(recorded.state, second))
      plainMs += (await run(plainState, first)) + (await run(plainState, second))
    }
    recorded.take()
  }
  const count = rounds * 2 * TX_PER_BLOCK
  log(
    `execution: ${Math.round((count / plainMs) * 1000)} tx/s plain, ${Math.round((count / recordedMs) * 1000)} recorded`,
  )
  return { plain: (count / plainMs) * 1000, recorded: (count / recordedMs) * 1000 }
}

function fundedState(senders: Senders): RamState {
  const state = createRamState()
  for (const { address, balance } of senders.alloc)
    state.putAccount(address.slice(2).toLowerCase(), { nonce: 0n, balance, codeHash: KECCAK256_NULL })
  state.takeDiff()
  return state
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await benchVerifier())
    console.log(`${result.name}: ${result.value.toFixed(2)} ${result.unit}`)
}
