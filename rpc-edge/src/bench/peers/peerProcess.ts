import { type ChildProcess, spawn } from 'node:child_process'

/** A node started by the benchmark as a separate process; `close` (and process exit) always kills it. */
export type PeerProcess = {
  url: string
  wsUrl: string
  /** `web3_clientVersion`, which also proves the node answers. */
  version: string
  /** Its process id, for readers of /proc (the devnet benchmark sums resident memory). */
  pid: number
  close(): void
}

/**
 * Spawns `command` serving JSON-RPC over HTTP and WebSocket on 127.0.0.1:`port`
 * and resolves once it answers `web3_clientVersion` (within `startupMs`).
 */
export async function startPeerProcess(options: {
  name: string
  command: string
  args: readonly string[]
  port: number
  cwd?: string
  startupMs?: number
}): Promise<PeerProcess> {
  const { name, port } = options
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  // A crash, Ctrl-C or kill in the middle of the run must not leave the node holding the port.
  const onSignal = (signal: NodeJS.Signals) => {
    kill()
    process.exit(signal === 'SIGINT' ? 130 : 143)
  }
  process.once('exit', kill)
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  const url = `http://127.0.0.1:${port}`
  const close = () => {
    kill()
    process.removeListener('exit', kill)
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
  try {
    const version = await waitUntilAnswering(name, url, child, () => stderr, options.startupMs ?? 15_000)
    return { url, wsUrl: `ws://127.0.0.1:${port}`, version, pid: child.pid ?? 0, close }
  } catch (error) {
    close()
    throw error
  }
}

async function waitUntilAnswering(
  name: string,
  url: string,
  child: ChildProcess,
  stderr: () => string,
  startupMs: number,
): Promise<string> {
  const deadline = Date.now() + startupMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${stderr()}`)
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'web3_clientVersion', params: [] }),
      })
      const body = (await response.json()) as { result?: string }
      if (body.result) return body.result
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`${name} did not answer on ${url} within ${startupMs / 1000} s: ${stderr()}`)
}
