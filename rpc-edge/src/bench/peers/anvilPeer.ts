import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { freePort } from '@rtevm/testkit'
import { type PeerProcess, startPeerProcess } from './peerProcess.ts'

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

/** anvil with its defaults (chain 31337, automine, 10 dev accounts), quiet. */
export async function startAnvil(): Promise<PeerProcess> {
  const port = await freePort()
  return startPeerProcess({
    name: 'anvil',
    command: anvilBinaryPath(),
    args: ['--host', '127.0.0.1', '--port', String(port), '--silent'],
    port,
  })
}
