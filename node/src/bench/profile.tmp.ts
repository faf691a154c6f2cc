import { defineConfig } from '../config/index.ts'
import { createSequencer } from '../sequencer/index.ts'
import { createSenders } from '../testing/index.ts'
import { driveSaturated } from './drive.ts'
import { erc20Workload, ethWorkload } from './workloads.ts'
const senders = createSenders(256)
const w = process.argv[2] === 'eth' ? ethWorkload : erc20Workload
const p = await w.prepare(senders, 30000)
const seq = await createSequencer(defineConfig({ alloc: senders.alloc }))
for (const r of p.setup) await seq.submit(r)
const t = performance.now()
const r = await driveSaturated(seq, p.raws, 60)
console.log(r.included, r.failed, r.included / r.seconds)
await seq.close()
