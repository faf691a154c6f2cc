import type { BenchResult } from '@rtevm/protocol'
import { createSenders } from '@rtevm/testkit'
import { defineConfig } from '../config/index.ts'
import { createSequencer, type Sequencer } from '../sequencer/index.ts'
import { gasShare } from './benchCompiledContracts.ts'
import { type OrderBookRounds, openOrderBookRounds, RESTING_ORDERS } from './orderBookRounds.ts'
import { percentile } from './percentile.ts'

const log = (message: string) => console.error(`  ${message}`)

/** Unmeasured rounds first: the code gets compiled (on its second call, in the background) and V8 warms up. */
const WARMUP_ROUNDS = 20
const MAX_ROUNDS = 200
/** At least this many measured rounds, however short the time budget. */
const MIN_ROUNDS = 30

type Samples = { executeMs: number[]; sealedMs: number[]; gasUsed: bigint }
type Side = { sequencer: Sequencer; rounds: OrderBookRounds; samples: Samples }

/**
 * One order-book limit order that crosses and fills RESTING_ORDERS resting
 * asks, through an in-process sequencer with contracts compiled beside one
 * with them interpreted, taking rounds in turn so a noisy neighbour hurts both
 * alike. Timed from the sequencer's own stamps of that transaction: its
 * execution (executing → executed) and its arrival → sealed mini-block. Up to
 * MAX_ROUNDS rounds each, or `seconds` in all, whichever ends first.
 */
export async function benchOrderFills(seconds: number): Promise<BenchResult[]> {
  const sides: Side[] = []
  try {
    for (const compileContracts of [false, true]) sides.push(await openSide(compileContracts))
    const [interpreted, compiled] = sides
    for (let i = 0; i < WARMUP_ROUNDS; i++) for (const side of sides) await side.rounds.run()
    const gasBefore = compiled.sequencer.stats().compiler
    const deadline = performance.now() + seconds * 1000
    for (let i = 0; i < MAX_ROUNDS && (i < MIN_ROUNDS || performance.now() < deadline); i++) {
      for (const side of sides) {
        const { stamps, receipt } = await side.rounds.run()
        side.samples.executeMs.push(stamps.executed - stamps.executing)
        side.samples.sealedMs.push(stamps.sealed - stamps.received)
        side.samples.gasUsed = receipt.gasUsed
      }
    }
    for (const [mode, { samples }] of [
      ['interpreted', interpreted],
      ['compiled', compiled],
    ] as const) {
      samples.executeMs.sort((a, b) => a - b)
      samples.sealedMs.sort((a, b) => a - b)
      log(
        `order fills ${mode}: execution p50 ${percentile(samples.executeMs, 50).toFixed(3)} ms, arrival → sealed p50 ${percentile(samples.sealedMs, 50).toFixed(3)} ms, ${samples.gasUsed} gas, ${samples.executeMs.length} rounds`,
      )
    }
    const gasAfter = compiled.sequencer.stats().compiler
    const share =
      gasBefore && gasAfter
        ? gasShare({
            compiled: gasAfter.compiledGas - gasBefore.compiledGas,
            interpreted: gasAfter.interpretedGas - gasBefore.interpretedGas,
          })
        : 0
    log(`order fills compiled: ${share.toFixed(1)} % of executed gas ran compiled`)
    const subject = `order-book limit order filling ${RESTING_ORDERS} resting orders`
    const row = (stage: string, pick: (s: Samples) => number[], p: number, target = ''): BenchResult => ({
      name: `${subject}, ${stage} p${p}, contracts compiled${target}`,
      value: percentile(pick(compiled.samples), p),
      unit: 'ms',
      better: 'lower',
      baseline: { name: 'same run, interpreted', value: percentile(pick(interpreted.samples), p) },
    })
    return [
      row('execution', (s) => s.executeMs, 50, ' (target < 0.3 ms)'),
      row('execution', (s) => s.executeMs, 99),
      row('arrival → sealed mini-block', (s) => s.sealedMs, 50),
      row('arrival → sealed mini-block', (s) => s.sealedMs, 99),
      {
        name: `${subject}: share of executed gas that ran compiled (contracts compiled)`,
        value: share,
        unit: '%',
        better: 'higher',
      },
    ]
  } finally {
    for (const side of sides) await side.sequencer.close()
  }
}

async function openSide(compileContracts: boolean): Promise<Side> {
  const senders = createSenders(3)
  const [deployer, maker, taker] = senders.signers
  const sequencer = await createSequencer(defineConfig({ alloc: senders.alloc, compileContracts }))
  try {
    const rounds = await openOrderBookRounds(sequencer, { deployer, maker, taker })
    return { sequencer, rounds, samples: { executeMs: [], sealedMs: [], gasUsed: 0n } }
  } catch (error) {
    await sequencer.close()
    throw error
  }
}
