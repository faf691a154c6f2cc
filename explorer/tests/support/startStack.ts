import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Devnet, freePort, startDevnet } from '@rtevm/testkit'
import { runScript, type Service, spawnService } from './spawnService.ts'

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))
export const explorerDir = join(repoRoot, 'explorer')
/** Tests build into dist/ (ignored by git and biome), so a running `pnpm start` keeps its `.next`. */
export const TEST_DIST_DIR = 'dist/next-test'
const nextBin = join(explorerDir, 'node_modules', 'next', 'dist', 'bin', 'next')

export type Stack = {
  rpcUrl: string
  indexerUrl: string
  explorerUrl: string
  stop(): Promise<void>
}

/**
 * The generated GraphQL types and `next build` into `dist/next-test` (skipped when EXPLORER_TEST_REUSE_BUILD=1 and
 * a build is there), the devnet (sequencer, full node, verifier, edge,
 * indexer) via scripts/devnet.mjs on free ports (testkit's `startDevnet`),
 * then `next start` on a free port pointed at them through the runtime environment.
 */
export async function startStack(
  options: { reuseBuild?: boolean; blockTimeMs?: number } = {},
): Promise<Stack> {
  const explorerPort = await freePort()
  const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', RTEVM_EXPLORER_DIST_DIR: TEST_DIST_DIR }
  const reuse =
    (options.reuseBuild ?? process.env.EXPLORER_TEST_REUSE_BUILD === '1') &&
    existsSync(join(explorerDir, TEST_DIST_DIR, 'BUILD_ID'))
  const services: { stop(): Promise<unknown> }[] = []
  const stop = async () => {
    for (const service of services.reverse()) await service.stop()
  }
  let devnet: Devnet | undefined
  try {
    // The build and the devnet's start overlap: both take a while, mostly waiting on different things.
    const build = reuse
      ? Promise.resolve(console.error(`[next build] reusing explorer/${TEST_DIST_DIR}`))
      : // The GraphQL types the sources import are generated first (a no-op when current).
        runScript('generate', [join(explorerDir, 'scripts', 'generate.mjs')], explorerDir, baseEnv).then(() =>
          runScript('next build', [nextBin, 'build'], explorerDir, baseEnv),
        )
    // A fresh chain on its own ports only (`isolated`: no RTEVM_* setting of the caller's shell leaks in);
    // this test serves its own build of the explorer, and the playground is not needed (startDevnet turns both off).
    const devnetStarted = startDevnet(
      {
        RTEVM_BLOCK_TIME: String(options.blockTimeMs ?? 200),
        DATABASE_URL: process.env.DATABASE_URL ?? '',
      },
      { timeoutMs: 120_000, isolated: true },
    ).then((started) => {
      devnet = started
      services.push(started)
    })
    // Wait for both before deciding, so a failed build still stops a devnet that came up.
    const settled = await Promise.allSettled([build, devnetStarted])
    for (const result of settled) if (result.status === 'rejected') throw result.reason
    services.push(
      await startExplorer({ port: explorerPort, rpcUrl: devnet!.rpcUrl, indexerUrl: devnet!.graphqlUrl }),
    )
  } catch (error) {
    await stop()
    throw error
  }
  const { rpcUrl, graphqlUrl } = devnet!
  return {
    rpcUrl,
    indexerUrl: graphqlUrl,
    explorerUrl: `http://127.0.0.1:${explorerPort}`,
    stop,
  }
}

/** `next start` of the test build on 127.0.0.1:`port`, told where the edge and the indexer are at run time. */
export async function startExplorer(options: {
  port: number
  rpcUrl: string
  indexerUrl: string
}): Promise<Service> {
  return spawnService({
    name: 'next start',
    args: [nextBin, 'start', '-H', '127.0.0.1', '-p', String(options.port)],
    cwd: explorerDir,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      RTEVM_EXPLORER_DIST_DIR: TEST_DIST_DIR,
      RTEVM_RPC_URL: options.rpcUrl,
      RTEVM_INDEXER_URL: options.indexerUrl,
    },
    ready: (line) => line.includes('Ready in'),
    timeoutMs: 30_000,
  })
}
