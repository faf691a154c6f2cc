import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { freePort } from './freePort.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const UP_LINE = 'rtevm devnet: up.'
const START_TIMEOUT_MS = 90_000

/** `pnpm start` on free ports, without the Next.js apps. */
export type Devnet = {
  rpcUrl: string
  graphqlUrl: string
  /** Everything the devnet printed so far. */
  output(): string
  /** Ctrl-C, as a user would; resolves with the exit code. */
  stop(): Promise<number | null>
}

export async function startDevnet(env: Record<string, string> = {}): Promise<Devnet> {
  const [rpc, link, fullNode, indexer] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ]
  const child: ChildProcess = spawn(process.execPath, ['scripts/devnet.mjs'], {
    cwd: ROOT,
    env: {
      ...process.env,
      RTEVM_RPC_PORT: String(rpc),
      RTEVM_LINK_PORT: String(link),
      RTEVM_FULLNODE_PORT: String(fullNode),
      RTEVM_INDEXER_PORT: String(indexer),
      RTEVM_EXPLORER: 'off',
      RTEVM_PLAYGROUND: 'off',
      DATABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the devnet did not start:\n${output}`)),
      START_TIMEOUT_MS,
    )
    const onData = (chunk: Buffer) => {
      output += chunk
      if (output.includes(UP_LINE)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`the devnet exited with ${code}:\n${output}`))
    })
  })
  return {
    rpcUrl: `http://127.0.0.1:${rpc}`,
    graphqlUrl: `http://127.0.0.1:${indexer}/graphql`,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      const code = await exited
      clearTimeout(timer)
      return code
    },
  }
}
