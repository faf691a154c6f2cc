import { mkdirSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { profileFromCli } from '@rtevm/node'
import { RtevmError } from '@rtevm/protocol'
import { openIndexerStore } from '../database/openIndexerStore.ts'
import { createIndexer } from '../follower/createIndexer.ts'
import { createIndexerServer } from '../server/createIndexerServer.ts'
import { checkIndexerExposure } from './checkIndexerExposure.ts'
import { helpText, indexerOptions, inputFromCli } from './options.ts'

const DEFAULT_SEQUENCER = 'ws://127.0.0.1:9545'
const DEFAULT_DATA_DIR = '.rtevm/indexer'
/**
 * How often the link sends the stream. A PGlite batch costs a few ms of the
 * indexer's own CPU however small (parse and plan in WASM), so it takes the
 * stream less often; a Postgres server plans prepared statements once, so its
 * batches can follow the stream closely. While a write is in flight, what
 * arrives is written as the next batch either way.
 */
const DEFAULT_STREAM_BATCH_MS = { pglite: 20, postgres: 2 } as const
const DEFAULT_HOST = '127.0.0.1'
/** How long the indexer waits for the sequencer before saying so (it keeps trying). */
const READY_WARNING_MS = 10_000

async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      help: { type: 'boolean' },
      profile: { type: 'string' },
      ...Object.fromEntries(indexerOptions.map((o) => [o.flag, { type: 'string' as const }])),
    },
  })
  if (values.help) {
    console.log(helpText(indexerOptions))
    return
  }
  const input = inputFromCli(indexerOptions, values, process.env)
  const profile = profileFromCli(values, process.env)
  const host = input.host ?? DEFAULT_HOST
  const corsOrigin = input.corsOrigin ?? '*'
  // Before anything opens: the API stays on this machine unless the profile (or the operator) says otherwise.
  checkIndexerExposure({ profile, host, corsOrigin, allowPublicDevnet: input.allowPublicDevnet ?? false })
  const sequencerUrl = input.sequencerUrl ?? DEFAULT_SEQUENCER
  const dataDir = input.dataDir ?? DEFAULT_DATA_DIR
  // PGlite creates only the last directory of the path.
  if (!input.databaseUrl && dataDir !== '') mkdirSync(dataDir, { recursive: true })
  const store = await openIndexerStore(
    input.databaseUrl
      ? { kind: 'postgres', url: input.databaseUrl }
      : { kind: 'pglite', dataDir: dataDir === '' ? undefined : dataDir },
  )
  let lastError = ''
  const indexer = await createIndexer({
    db: store,
    sequencerUrl,
    sequencerAccess: input.sequencerAccess,
    rpcUrl: input.rpcUrl,
    maxBatchEvents: input.maxBatchEvents,
    maxQueuedEvents: input.maxQueuedEvents,
    streamBatchMs: input.streamBatchMs ?? DEFAULT_STREAM_BATCH_MS[store.kind],
    onError: (error) => {
      // Link drops repeat on every reconnection attempt: print each new reason once.
      if (error.message !== lastError) console.error(`rtevm-indexer: ${error.message}`)
      lastError = error.message
    },
  })
  const server = await createIndexerServer({
    db: store,
    indexer,
    host,
    port: input.port,
    corsOrigin,
    limits: profile.indexer,
  })
  const warn = setTimeout(
    () => console.error(`rtevm-indexer: not connected to ${sequencerUrl} yet; still trying`),
    READY_WARNING_MS,
  )
  await indexer.ready()
  clearTimeout(warn)
  const where = store.kind === 'postgres' ? 'Postgres (DATABASE_URL)' : `PGlite in ${dataDir || 'memory'}`
  console.log(`rtevm-indexer: following ${sequencerUrl} from stream event ${indexer.committedSeq() + 1n}`)
  console.log(`rtevm-indexer: writing to ${where}`)
  console.log(
    `rtevm-indexer: GraphQL ${server.url} (GraphiQL in a browser; subscriptions over SSE and graphql-ws)`,
  )
  console.log('Listening. Ctrl-C stops.\n')

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping the indexer`)
    await server.close()
    await indexer.close()
    await store.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof RtevmError || error instanceof TypeError) {
    console.error(`rtevm-indexer: ${error.message}`)
  } else if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    console.error(`rtevm-indexer: ${error.message}\nrun with --help to list the options`)
  } else {
    console.error('rtevm-indexer: unexpected failure', error)
  }
  process.exit(1)
})
