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

export type StartDevnetOptions = {
  /** How long the devnet may take to print its up line. Default 90 000 ms. */
  timeoutMs?: number
  /**
   * Drop the caller's RTEVM_* variables, so a fresh chain runs on these ports
   * only and nothing of the shell's own devnet settings leaks in.
   */
  isolated?: boolean
  /** The devnet's ports (a shared machine's allotted range); default: free ports. */
  ports?: { rpc: number; link: number; fullNode: number; indexer: number }
}

/**
 * Starts `pnpm start` (scripts/devnet.mjs) on free ports, explorer and
 * playground off, and resolves once it printed its up line; `env` goes on top.
 */
export async function startDevnet(
  env: Record<string, string> = {},
  options: StartDevnetOptions = {},
): Promise<Devnet> {
  const { rpc, link, fullNode, indexer } = options.ports ?? {
    rpc: await freePort(),
    link: await freePort(),
    fullNode: await freePort(),
    indexer: await freePort(),
  }
  const child: ChildProcess = spawn(process.execPath, ['scripts/devnet.mjs'], {
    cwd: ROOT,
    env: {
      ...(options.isolated
        ? (Object.fromEntries(
            Object.entries(process.env).filter(([key]) => !key.startsWith('RTEVM_')),
          ) as NodeJS.ProcessEnv)
        : process.env),
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
  // If the test process ends without stopping it (a crash, a timeout), do not leave the devnet running:
  // SIGTERM lets the devnet supervisor stop its own children.
  const orphaned = () => child.kill('SIGTERM')
  process.once('exit', orphaned)
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      process.off('exit', orphaned)
      resolve(code)
    }),
  )
  const stop = async (graceMs = 15_000) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    const code = await exited
    clearTimeout(timer)
    return code
  }
  const up = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the devnet did not start:\n${output}`)),
      options.timeoutMs ?? START_TIMEOUT_MS,
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
  try {
    await up
  } catch (error) {
    await stop(1_000) // a devnet that did not come up in time is not left running
    throw error
  }
  return {
    rpcUrl: `http://127.0.0.1:${rpc}`,
    graphqlUrl: `http://127.0.0.1:${indexer}/graphql`,
    output: () => output,
    stop: () => stop(),
  }
}
