// Child process of openLocalLog.kill.test.ts: opens the log in argv[2] and appends
// sample events forever, keeping some in flight, printing `ack <seq>` for each
// append whose promise resolved. Pipes are synchronous on Linux, so a printed
// ack reached the parent before any later SIGKILL.
import { openLocalLog } from './openLocalLog.ts'
import { sampleKillTestEvent } from './sampleEvents.ts'

const IN_FLIGHT = 16
const log = await openLocalLog({ dir: process.argv[2], segmentBytes: 32 * 1024 })
let next = log.lastSeq() + 1n
process.stdout.write(`open ${log.lastSeq()}\n`)

function appendNext(): void {
  const seq = next++
  log.append(sampleKillTestEvent(seq)).then(
    () => {
      process.stdout.write(`ack ${seq}\n`)
      appendNext()
    },
    (error: unknown) => {
      process.stderr.write(`append ${seq} failed: ${String(error)}\n`)
      process.exit(1)
    },
  )
}

for (let i = 0; i < IN_FLIGHT; i++) appendNext()
