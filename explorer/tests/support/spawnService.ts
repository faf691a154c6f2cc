import { type ChildProcess, spawn } from 'node:child_process'

export type Service = {
  child: ChildProcess
  /** Everything it printed so far (for failure messages). */
  output(): string
  /** SIGINT (a clean stop), then SIGKILL after `graceMs`; resolves when it exited. */
  stop(graceMs?: number): Promise<void>
}

export type SpawnServiceOptions = {
  name: string
  args: string[]
  cwd: string
  env: NodeJS.ProcessEnv
  /** A line that says the service is ready. */
  ready: (line: string) => boolean
  timeoutMs: number
  /** Print every line with the name in front (build progress). */
  echo?: boolean
}

/**
 * Starts a node script and waits for its ready line; rejects with the output
 * if it exits or stays silent past the timeout.
 */
export async function spawnService(options: SpawnServiceOptions): Promise<Service> {
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  // If the test process ends without stopping it (a crash, a timeout), do not leave the service running:
  // SIGTERM lets the devnet supervisor stop its own children.
  const orphaned = () => child.kill('SIGTERM')
  process.once('exit', orphaned)
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', orphaned)
      resolve()
    }),
  )
  const ready = new Promise<void>((resolve, reject) => {
    let pending = ''
    const timer = setTimeout(() => {
      reject(new Error(`${options.name} not ready within ${options.timeoutMs} ms:\n${output.slice(-4000)}`))
    }, options.timeoutMs)
    const onData = (chunk: Buffer) => {
      const text = chunk.toString()
      output += text
      pending += text
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        if (options.echo) console.error(`[${options.name}] ${line}`)
        if (options.ready(line)) {
          clearTimeout(timer)
          resolve()
        }
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(
        new Error(`${options.name} exited (${signal ?? code}) before it was ready:\n${output.slice(-4000)}`),
      )
    })
  })
  const stop = async (graceMs = 5_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGINT')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exited
    clearTimeout(timer)
  }
  try {
    await ready
  } catch (error) {
    await stop(1_000)
    throw error
  }
  return { child, output: () => output, stop }
}

/** Runs a node script to completion, echoing its output; rejects on a non-zero exit. */
export async function runScript(
  name: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const echo = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n'))
      if (line.trim() !== '') console.error(`[${name}] ${line}`)
  }
  child.stdout.on('data', echo)
  child.stderr.on('data', echo)
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)))
  if (code !== 0) throw new Error(`${name} failed with exit code ${code}`)
}
