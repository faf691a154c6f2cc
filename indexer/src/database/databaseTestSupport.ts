import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  startTestPostgres,
  type TestPostgres,
  TestPostgresError,
  TestPostgresErrorCode,
} from '@rtevm/testkit'
import { afterAll, afterEach, beforeAll, describe } from 'vitest'
import {
  type IndexerStore,
  type IndexerStoreConfig,
  type IndexerStoreKind,
  openIndexerStore,
} from './openIndexerStore.ts'

/** The databases of one `describeDatabases` block, all of its kind. */
export type TestStores = {
  kind: IndexerStoreKind
  /**
   * The config of a new, empty store that can be reopened (a temp data
   * directory for PGlite, a new database for Postgres); removed after the block.
   */
  newConfig(): Promise<IndexerStoreConfig>
  /** Opens `config`, or a new store; it is closed after the test (closing it earlier is fine). */
  open(config?: IndexerStoreConfig): Promise<IndexerStore>
}

export const TEST_STORE_KINDS: readonly IndexerStoreKind[] = ['pglite', 'postgres']

/**
 * Runs `suite` once per database: `describe('<name> [pglite]')` and
 * `describe('<name> [postgres]')`. The Postgres block starts a throwaway server
 * (`startTestPostgres`) before its tests and stops it after; when Postgres is
 * not installed its tests fail, saying to run scripts/setup-system.sh.
 *
 * Hooks `suite` registers run before this helper's `afterEach` (vitest runs
 * after-hooks in reverse), so a test's indexers close before its stores do.
 */
export function describeDatabases(name: string, suite: (stores: TestStores) => void): void {
  for (const kind of TEST_STORE_KINDS) {
    describe(`${name} [${kind}]`, () => suite(createTestStores(kind)))
  }
}

/** Registers the hooks that create and remove one block's stores; call inside a `describe`. */
function createTestStores(kind: IndexerStoreKind): TestStores {
  let server: TestPostgres | undefined
  const dirs: string[] = []
  const opened: IndexerStore[] = []
  if (kind === 'postgres') {
    beforeAll(async () => {
      server = await startTestPostgres()
    })
  }
  afterEach(async () => {
    for (const store of opened.splice(0).reverse()) await store.close()
  })
  afterAll(async () => {
    await server?.stop()
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  async function newConfig(): Promise<IndexerStoreConfig> {
    if (kind === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'rtevm-pglite-'))
      dirs.push(dir)
      return { kind, dataDir: dir }
    }
    // beforeAll failed (Postgres missing) and vitest still ran the test: its error already says why.
    if (!server) {
      throw new TestPostgresError(
        TestPostgresErrorCode.StartFailed,
        'the test Postgres server is not running',
      )
    }
    return { kind, url: await server.createDatabase() }
  }

  return {
    kind,
    newConfig,
    async open(config) {
      const store = await openIndexerStore(config ?? (await newConfig()))
      opened.push(store)
      return store
    },
  }
}
