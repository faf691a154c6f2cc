import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chownSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import pg from 'pg'
import { findPostgresBinaries } from './findPostgresBinaries.ts'
import { freePort } from './freePort.ts'
import { TestPostgresError, TestPostgresErrorCode } from './TestPostgresError.ts'

export type TestPostgresOptions = {
  /** Directory of `initdb` and `postgres` (see `findPostgresBinaries`). */
  binDir?: string
  /** How long the server may take to accept connections. Default 30 000 ms. */
  startTimeoutMs?: number
}

/** A throwaway Postgres cluster on 127.0.0.1, trust authentication, removed by `stop`. */
export type TestPostgres = {
  /** URL of the cluster's `postgres` database (superuser `postgres`, no password). */
  url: string
  /** Creates an empty database; resolves with its URL. */
  createDatabase(): Promise<string>
  /** Stops the server and deletes its directory (idempotent). */
  stop(): Promise<void>
}

const LOG_LINES = 40
const PORT_ATTEMPTS = 5

/**
 * initdb's a cluster in a temp directory and starts Debian's `postgres` on a
 * free port of 127.0.0.1. Durability is off (fsync, synchronous commit): the
 * data is thrown away. Postgres refuses to run as root, so under root both run
 * as the `postgres` OS user (the spawn's uid/gid) in a directory it owns.
 */
export async function startTestPostgres(options: TestPostgresOptions = {}): Promise<TestPostgres> {
  const bin = findPostgresBinaries(options.binDir)
  const owner = process.getuid?.() === 0 ? postgresUser() : undefined
  const dir = mkdtempSync(
    join(owner && !traversableByOthers(tmpdir()) ? '/tmp' : tmpdir(), 'rtevm-postgres-'),
  )
  const data = join(dir, 'data')
  try {
    if (owner) chownSync(dir, owner.uid, owner.gid)
    mkdirSync(data, { mode: 0o700 })
    if (owner) chownSync(data, owner.uid, owner.gid)
    await run(
      bin.initdb,
      ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '-N'],
      dir,
      owner,
    )
    for (let attempt = 1; ; attempt++) {
      const port = await freePort()
      const server = spawnServer(bin.postgres, data, dir, port, owner)
      const url = `postgres://postgres@127.0.0.1:${port}/postgres`
      const accepting = await untilAccepting(url, server, options.startTimeoutMs ?? 30_000)
      if (accepting === 'ready') return handle(url, server, dir)
      // Another process took the port between the probe and the bind: try another.
      if (accepting === 'port taken' && attempt < PORT_ATTEMPTS) continue
      await server.stop()
      throw new TestPostgresError(
        TestPostgresErrorCode.StartFailed,
        `postgres did not start (${accepting})`,
        {
          details: server.log().join('\n'),
        },
      )
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}

type Owner = { uid: number; gid: number }

function postgresUser(): Owner {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
    return { uid: id('-u'), gid: id('-g') }
  } catch (cause) {
    throw new TestPostgresError(
      TestPostgresErrorCode.Missing,
      'running as root needs the postgres OS user: run scripts/setup-system.sh (the postgresql package creates it)',
      { cause },
    )
  }
}

/** Whether a user other than the owner can reach `path` (every directory on the way has o+x). */
function traversableByOthers(path: string): boolean {
  for (let current = resolve(path); ; current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) return false
    if (current === dirname(current)) return true
  }
}

function run(file: string, args: string[], cwd: string, owner: Owner | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...owner })
    let output = ''
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('error', (cause) =>
      reject(new TestPostgresError(TestPostgresErrorCode.StartFailed, `cannot run ${file}`, { cause })),
    )
    child.on('exit', (code) => {
      if (code === 0) resolve()
      else
        reject(
          new TestPostgresError(TestPostgresErrorCode.StartFailed, `${file} exited with ${code}`, {
            details: output,
          }),
        )
    })
  })
}

type Server = {
  exited(): boolean
  log(): string[]
  stop(): Promise<void>
}

function spawnServer(
  postgres: string,
  data: string,
  dir: string,
  port: number,
  owner: Owner | undefined,
): Server {
  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '100',
  }
  const args = ['-D', data, ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`])]
  const child: ChildProcess = spawn(postgres, args, {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    ...owner,
  })
  const lines: string[] = []
  child.stderr?.on('data', (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean))
    lines.splice(0, Math.max(0, lines.length - LOG_LINES))
  })
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.once('error', (error) => lines.push(`spawn failed: ${error.message}`))
  // A test process that exits without stop() (a crash in a hook) must not leave the server running.
  const onProcessExit = () => child.kill('SIGQUIT')
  process.once('exit', onProcessExit)
  let stopping: Promise<void> | undefined
  return {
    exited: () => child.exitCode !== null || child.signalCode !== null || child.pid === undefined,
    log: () => lines.slice(),
    stop() {
      stopping ??= (async () => {
        process.off('exit', onProcessExit)
        if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
        child.kill('SIGINT') // fast shutdown: disconnects clients, no checkpoint wait for data we discard
        const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, 10_000, 'timeout').unref())
        if ((await Promise.race([exit, timeout])) === 'timeout') {
          child.kill('SIGQUIT')
          await exit
        }
      })()
      return stopping
    },
  }
}

/** Polls until the server accepts a connection; reports why it did not. */
async function untilAccepting(
  url: string,
  server: Server,
  timeoutMs: number,
): Promise<'ready' | 'port taken' | 'exited' | 'timed out'> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exited()) {
      return server.log().some((line) => line.includes('could not bind')) ? 'port taken' : 'exited'
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 })
    try {
      await client.connect()
      await client.end()
      return 'ready'
    } catch {
      await client.end().catch(() => {})
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  return 'timed out'
}

function handle(url: string, server: Server, dir: string): TestPostgres {
  let databases = 0
  let stopping: Promise<void> | undefined
  return {
    url,
    async createDatabase() {
      const name = `rtevm_test_${++databases}`
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        await client.query(`create database ${name}`)
      } finally {
        await client.end()
      }
      return url.replace(/\/postgres$/, `/${name}`)
    },
    stop() {
      stopping ??= server.stop().finally(() => rmSync(dir, { recursive: true, force: true }))
      return stopping
    },
  }
}
