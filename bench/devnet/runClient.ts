// Parent side of the client process: one fork per chain, the same entry and plan for each.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ChainTarget, ClientMessage, ClientPlan, ClientReport, ParentMessage } from './clientMessages.ts'

export type ClientRun = {
  report: ClientReport
  /** Resident memory of the chain's processes (MiB) after the first warm-up and after the whole run. */
  rssWarmMiB: number
  rssEndMiB: number
}

/**
 * Forks clientProcess.ts (with this process's `--import tsx`), runs `plan` against `chain`, reads
 * `rssMiB` after the warm-up and at the end; `freshChain` gives the chain for each pipelined run.
 */
export function runClient(
  chain: ChainTarget,
  plan: ClientPlan,
  rssMiB: () => number,
  freshChain: () => Promise<ChainTarget>,
): Promise<ClientRun> {
  const child = fork(fileURLToPath(new URL('clientProcess.ts', import.meta.url)), [], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  const kill = () => child.kill('SIGKILL')
  process.once('exit', kill)
  const send = (message: ParentMessage) => child.send(message)
  return new Promise<ClientRun>((resolve, reject) => {
    let rssWarmMiB = Number.NaN
    child.on('message', (message: ClientMessage) => {
      if (message.type === 'warmedUp') {
        rssWarmMiB = rssMiB()
        send({ type: 'resume' })
      } else if (message.type === 'freshChain') {
        freshChain().then((fresh) => send({ type: 'chain', chain: fresh }), reject)
      } else if (message.type === 'report') {
        resolve({ report: message.report, rssWarmMiB, rssEndMiB: rssMiB() })
      } else reject(new Error(`${chain.name} client: ${message.message}`))
    })
    // 'close', not 'exit': a large report may still be in the IPC pipe when the child exits.
    child.once('close', (code) =>
      reject(new Error(`${chain.name} client exited with ${code} before reporting`)),
    )
    send({ type: 'run', chain, plan })
  }).finally(() => {
    process.removeListener('exit', kill)
    kill()
  })
}
