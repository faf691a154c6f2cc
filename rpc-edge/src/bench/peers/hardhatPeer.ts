import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '@rtevm/testkit'
import { type PeerProcess, startPeerProcess } from './peerProcess.ts'

// Hardhat refuses to run unless it is installed in the working directory's package (HH12): this one.
const packageDir = fileURLToPath(new URL('../../..', import.meta.url))

/**
 * `hardhat node` (Hardhat 2, its network simulated by the Rust EDR) exactly as a
 * user starts it, from a minimal generated config in a temp dir: chain 31337,
 * automine, the 20 default-mnemonic accounts. Request logging is then switched
 * off (`hardhat_setLoggingEnabled false`), as anvil runs with `--silent`.
 */
export async function startHardhat(): Promise<PeerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'rtevm-bench-hardhat-'))
  const config = join(dir, 'hardhat.config.cjs')
  writeFileSync(config, 'module.exports = { networks: { hardhat: { chainId: 31337 } } }\n')
  const cli = createRequire(join(packageDir, 'package.json')).resolve('hardhat/internal/cli/bootstrap.js')
  const port = await freePort()
  const removeDir = () => rmSync(dir, { recursive: true, force: true })
  try {
    const peer = await startPeerProcess({
      name: 'Hardhat',
      command: process.execPath,
      args: [cli, 'node', '--hostname', '127.0.0.1', '--port', String(port), '--config', config],
      port,
      cwd: packageDir,
      startupMs: 60_000,
    })
    const response = await fetch(peer.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'hardhat_setLoggingEnabled', params: [false] }),
    })
    if (!response.ok) throw new Error(`Hardhat: hardhat_setLoggingEnabled answered ${response.status}`)
    return {
      ...peer,
      close() {
        peer.close()
        removeDir()
      },
    }
  } catch (error) {
    removeDir()
    throw error
  }
}
