// Child process of durability.kill.test.ts: a sequencer with its data
// directory in argv[2] and its link on port argv[3]; prints `ready <head seq>`
// once recovered and listening, then runs until killed.
import { defineConfig } from '../config/index.ts'
import { createLinkServer } from '../link/index.ts'
import { createSequencer } from './createSequencer.ts'

const [dataDir, port] = process.argv.slice(2)
const config = defineConfig({
  dataDir,
  blockIntervalMs: 40,
  // Often, so kills land before, during and after snapshot writes.
  snapshotEveryBlocks: 5,
  recoveryWorkers: 1,
  link: { port: Number(port) },
})
const sequencer = await createSequencer(config)
await createLinkServer({ config: config.link, backend: sequencer })
process.stdout.write(`ready ${sequencer.events.head()}\n`)
