import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'

/** An anvil started by the benchmark; `close` (and process exit) always kills it. */
export type AnvilPeer = {
  url: string
  wsUrl: string
  version: string
  close(): void
}

/**
 * The binary ships in `@foundry-rs/anvil-<os>-<arch>` (an optional dependency of
 * `@foundry-rs/anvil`), so no install script is needed; resolve it through the wrapper.
 */
export function anvilBinaryPath(): string {
  const require = createRequire(import.meta.url)
  const wrapper = require.resolve('@foundry-rs/anvil/package.json')
  const arch = process.arch === 'x64' ? 'amd64' : process.arch
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${arch}`
  const manifest = createRequire(wrapper).resolve(`${platformPackage}/package.json`)
  const binary = join(dirname(manifest), 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil')
  if (!existsSync(binary)) throw new Error(`anvil binary missing at ${binary}`)
  return binary
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export async function startAnvil(): Promise<AnvilPeer> {
  const binary = anvilBinaryPath()
  const port = await freePort()
  const child: ChildProcess = spawn(binary, ['--host', '127.0.0.1', '--port', String(port), '--silent'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  // A crash, Ctrl-C or kill in the middle of the run must not leave anvil holding the port.
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
    const version = await waitUntilAnswering(url, child, () => stderr)
    return { url, wsUrl: `ws://127.0.0.1:${port}`, version, close }
  } catch (error) {
    close()
    throw error
  }
}

async function waitUntilAnswering(url: string, child: ChildProcess, stderr: () => string): Promise<string> {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`anvil exited with ${child.exitCode}: ${stderr()}`)
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
  throw new Error(`anvil did not answer on ${url} within 15 s: ${stderr()}`)
}
