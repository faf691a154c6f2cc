// Stateless verification figures on blocks of 1 000 ERC-20 transfers: blocks/s
// per worker, the cost of building a witness at seal time, and its size.
// Runs alone: node --import tsx node/src/verifier/verifier.bench.ts
import { pathToFileURL } from 'node:url'
import { type BenchResult, encodeWitness } from '@rtevm/protocol'
import { erc20Workload } from '../bench/workloads.ts'
import { defineConfig } from '../config/index.ts'
import { createSequencer } from '../sequencer/index.ts'
import { createSenders } from '../testing/index.ts'
import { type BlockToVerify, createStatelessVerifier } from './createStatelessVerifier.ts'
import { createWitnessFollower } from './witnessFollower.ts'

const log = (message: string) => console.error(`  ${message}`)
const TX_PER_BLOCK = 1000
// Measured blocks, after one warm-up block.
const BLOCKS = 5
// One transfer per sender per block: every block touches ~1 000 accounts and ~2 000 token slots.
const SENDERS = 1001

/** Verifier throughput and witness cost; about 20 s. */
export async function benchVerifier(): Promise<BenchResult[]> {
  const { blocks, witnessMs } = await erc20Blocks(BLOCKS + 1)
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
  const build = mean(witnessMs.slice(1))
  log(`verify: ${measured.map((ms) => ms.toFixed(0)).join(', ')} ms per block of ${TX_PER_BLOCK}`)
  log(`buildWitness: ${witnessMs.map((ms) => ms.toFixed(1)).join(', ')} ms; sizes ${sizes.join(', ')} bytes`)
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
      name: `witness build time at seal, block of ${TX_PER_BLOCK} ERC-20 transfers`,
      value: build,
      unit: 'ms',
      better: 'lower',
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
async function erc20Blocks(count: number): Promise<{ blocks: BlockToVerify[]; witnessMs: number[] }> {
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
    return { blocks: blocks.slice(1), witnessMs: follower.witnessMs.slice(1) }
  } finally {
    await sequencer.close()
  }
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await benchVerifier())
    console.log(`${result.name}: ${result.value.toFixed(2)} ${result.unit}`)
}
