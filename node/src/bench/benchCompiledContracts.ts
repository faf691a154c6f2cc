import type { BenchResult } from '@rtevm/protocol'
import type { Senders } from '@rtevm/testkit'
import { defineConfig } from '../config/index.ts'
import { createSequencer } from '../sequencer/index.ts'
import { driveSaturated } from './drive.ts'
import type { Workload } from './workloads.ts'

const log = (message: string) => console.error(`  ${message}`)

/**
 * Sustained throughput of one contract workload through the in-process
 * sequencer with `compileContracts` on, beside the same run interpreted,
 * alternating the two so a noisy neighbour hurts both alike. The process's
 * CPU time per included transaction is reported too: on a shared machine it
 * moves far less than wall-clock throughput.
 */
export async function benchCompiledContracts(
  workload: Workload,
  senders: Senders,
  seconds: number,
  rounds = 2,
): Promise<BenchResult[]> {
  const prepared = await workload.prepare(senders, Math.min(400_000, seconds * 10_000))
  const rates = { interpreted: [] as number[], compiled: [] as number[] }
  const cpu = { interpreted: [] as number[], compiled: [] as number[] }
  const gas = { compiled: 0n, interpreted: 0n }
  for (let round = 0; round < rounds; round++) {
    for (const compileContracts of [false, true]) {
      const sequencer = await createSequencer(defineConfig({ alloc: senders.alloc, compileContracts }))
      try {
        for (const raw of prepared.setup) await sequencer.submit(raw)
        const before = process.cpuUsage()
        const gasBefore = sequencer.stats().compiler
        const run = await driveSaturated(sequencer, prepared.raws, seconds)
        const used = process.cpuUsage(before)
        const gasAfter = sequencer.stats().compiler
        if (gasBefore && gasAfter) {
          gas.compiled += gasAfter.compiledGas - gasBefore.compiledGas
          gas.interpreted += gasAfter.interpretedGas - gasBefore.interpretedGas
        }
        const rate = run.included / run.seconds
        const cpuPerTx = (used.user + used.system) / Math.max(1, run.included)
        const mode = compileContracts ? 'compiled' : 'interpreted'
        rates[mode].push(rate)
        cpu[mode].push(cpuPerTx)
        log(
          `${workload.name} ${mode}: ${Math.round(rate)} tx/s, ${Math.round(cpuPerTx)} µs CPU/tx (${run.failed} failed)`,
        )
      } finally {
        await sequencer.close()
      }
    }
  }
  log(`${workload.name} compiled: ${gasShare(gas).toFixed(1)} % of executed gas ran compiled`)
  const noun = workload.noun ?? 'transfers'
  const one = noun.replace(/s$/, '')
  return [
    {
      name: `sequencer ${workload.label} ${noun}/s, contracts compiled (in-process, best of ${rounds} × ${seconds} s)`,
      value: Math.max(...rates.compiled),
      unit: 'tx/s',
      better: 'higher',
      baseline: { name: 'same run, interpreted', value: Math.max(...rates.interpreted) },
    },
    {
      name: `sequencer ${workload.label} ${one}, process CPU per transaction, contracts compiled (best of ${rounds})`,
      value: Math.min(...cpu.compiled),
      unit: 'µs',
      better: 'lower',
      baseline: { name: 'same run, interpreted', value: Math.min(...cpu.interpreted) },
    },
    {
      name: `sequencer ${workload.label}: share of executed gas that ran compiled (contracts compiled)`,
      value: gasShare(gas),
      unit: '%',
      better: 'higher',
    },
  ]
}

/** Percent of the gas executed in frames that ran compiled (each frame's own gas, calls excluded). */
export function gasShare(gas: { compiled: bigint; interpreted: bigint }): number {
  const total = gas.compiled + gas.interpreted
  return total === 0n ? 0 : (Number(gas.compiled) / Number(total)) * 100
}
