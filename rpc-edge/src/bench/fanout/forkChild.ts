import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ParentMessage } from './fanoutMessages.ts'

/** A child process of the fan-out benchmark, spoken to over IPC. */
export type Child<Message extends { type: string }> = {
  send(message: ParentMessage): void
  /** The next message of `type`; rejects if the child exits first. */
  next<T extends Message['type']>(type: T): Promise<Extract<Message, { type: T }>>
  /** Asks the child to close and waits for it to exit (killed after `graceMs`). */
  close(graceMs?: number): Promise<void>
}

/**
 * Forks a TypeScript entry beside this file, with this process's `--import tsx`,
 * structured-clone IPC (typed arrays pass as such) and its stderr shared.
 */
export function forkChild<Message extends { type: string }>(
  entry: string,
  args: readonly string[],
): Child<Message> {
  const child: ChildProcess = fork(fileURLToPath(new URL(entry, import.meta.url)), args, {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  process.once('exit', kill)
  return {
    send(message) {
      child.send(message)
    },
    next(type) {
      return new Promise((resolve, reject) => {
        const onMessage = (message: Message) => {
          if (message.type !== type) return
          child.off('message', onMessage)
          child.off('exit', onExit)
          resolve(message as Extract<Message, { type: typeof type }>)
        }
        const onExit = (code: number | null) => {
          child.off('message', onMessage)
          reject(new Error(`${entry} exited with ${code} while the benchmark waited for '${type}'`))
        }
        child.on('message', onMessage)
        child.once('exit', onExit)
      })
    },
    async close(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null && child.connected)
        child.send({ type: 'close' } satisfies ParentMessage)
      const timer = setTimeout(kill, graceMs)
      await exited
      clearTimeout(timer)
      process.removeListener('exit', kill)
    },
  }
}
