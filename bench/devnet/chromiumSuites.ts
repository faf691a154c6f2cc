// Part d: the explorer's and the playground's own Chromium benchmarks, pointed at the apps this
// suite's `pnpm start` serves instead of the stacks they start for themselves.
import { existsSync } from 'node:fs'
import { benchExplorerHome } from '@rtevm/explorer/bench'
import { benchPlaygroundClick } from '@rtevm/playground/bench'
import { launchChromium } from '@rtevm/testkit'
import type { BenchResult } from '../lib/results.ts'

const log = (message: string) => console.error(`  ${message}`)

/** Both suites' figures, named as run on the devnet; none (and a log line) without Chromium. */
export async function chromiumSuites(env: NodeJS.ProcessEnv, rpcUrl: string): Promise<BenchResult[]> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(chromiumPath)) {
    log(`no Chromium at ${chromiumPath}: the explorer and playground figures are skipped`)
    return []
  }
  const browser = await launchChromium()
  try {
    const at = (port: string | undefined) => `http://127.0.0.1:${port}`
    log('explorer home in Chromium…')
    const explorer = await benchExplorerHome({
      stack: {
        rpcUrl,
        indexerUrl: `${at(env.RTEVM_INDEXER_PORT)}/graphql`,
        explorerUrl: at(env.RTEVM_EXPLORER_PORT),
      },
      browser,
    })
    log('playground clicks in Chromium…')
    const playground = await benchPlaygroundClick({ url: at(env.RTEVM_PLAYGROUND_PORT), rpcUrl, browser })
    return [...explorer, ...playground].map((r) => ({ ...r, name: `devnet (pnpm start): ${r.name}` }))
  } finally {
    await browser.close()
  }
}
