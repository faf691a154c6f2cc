import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { TestPostgresError, TestPostgresErrorCode } from './TestPostgresError.ts'

/** Where Debian's `postgresql` package puts the server binaries, one directory per major version. */
const DEBIAN_ROOT = '/usr/lib/postgresql'

/**
 * The directory holding `initdb` and `postgres`: `binDir` if given, else
 * `RTEVM_POSTGRES_BIN`, else the newest `/usr/lib/postgresql/<major>/bin`.
 * Throws, telling how to install them, when there are none.
 */
export function findPostgresBinaries(binDir: string | undefined = process.env.RTEVM_POSTGRES_BIN): {
  initdb: string
  postgres: string
} {
  const candidates = binDir
    ? [binDir]
    : (existsSync(DEBIAN_ROOT) ? readdirSync(DEBIAN_ROOT) : [])
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
        .map((major) => join(DEBIAN_ROOT, major, 'bin'))
  for (const dir of candidates) {
    const initdb = join(dir, 'initdb')
    const postgres = join(dir, 'postgres')
    if (existsSync(initdb) && existsSync(postgres)) return { initdb, postgres }
  }
  throw new TestPostgresError(
    TestPostgresErrorCode.Missing,
    'Postgres server binaries not found: run scripts/setup-system.sh (installs the Debian postgresql package)',
    { details: `looked for initdb and postgres in ${binDir ?? `${DEBIAN_ROOT}/<major>/bin`}` },
  )
}
