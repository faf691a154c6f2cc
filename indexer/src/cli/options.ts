import {
  applyCliOptions,
  booleanFlag,
  type CliOption,
  integerFlag,
  linkClientOptions,
  optionsHelp,
  PROFILE_HELP,
  type UpstreamAccess,
} from '@rtevm/node'
import { ALLOW_PUBLIC_DEVNET_ENV } from '@rtevm/protocol'

/** What the indexer's command line builds. Defaults are applied in `main.ts`. */
export type IndexerCliInput = {
  sequencerUrl?: string
  /** `--link-key`, `--link-ca`: how the indexer gets onto the sequencer's link. */
  sequencerAccess?: UpstreamAccess
  host?: string
  port?: number
  dataDir?: string
  databaseUrl?: string
  rpcUrl?: string
  maxBatchEvents?: number
  maxQueuedEvents?: number
  streamBatchMs?: number
  /** `*` or comma-separated origins browsers may query from. */
  corsOrigin?: string
  allowPublicDevnet?: boolean
}

export type IndexerCliOption = CliOption<IndexerCliInput>

function option(
  flag: string,
  env: string,
  kind: IndexerCliOption['kind'],
  description: string,
  apply: (input: IndexerCliInput, value: string) => void,
): IndexerCliOption {
  return { flag, env, description, kind, apply }
}

const indexerEnv = (flag: string) => `RTEVM_INDEXER_${flag.toUpperCase().replaceAll('-', '_')}`
/** Chain options use the sequencer's own env names, so one environment configures both. */

/** Every indexer setting reachable from the command line and the environment. */
export const indexerOptions: IndexerCliOption[] = [
  option(
    'sequencer',
    'RTEVM_SEQUENCER',
    'string',
    'ws:// URL of the sequencer link (default ws://127.0.0.1:9545)',
    (c, v) => {
      c.sequencerUrl = v
    },
  ),
  // The same flags and variables as `rtevm fullnode`, `rtevm verifier` and the edge.
  ...linkClientOptions.map(
    (o): IndexerCliOption => ({
      ...o,
      apply(c, v) {
        c.sequencerAccess = c.sequencerAccess ?? {}
        o.apply(c.sequencerAccess, v)
      },
    }),
  ),
  option('host', indexerEnv('host'), 'string', 'interface GraphQL listens on (default 127.0.0.1)', (c, v) => {
    c.host = v
  }),
  option('port', indexerEnv('port'), 'integer', 'GraphQL port (default 42069)', (c, v) => {
    c.port = integerFlag('port', v)
  }),
  option(
    'data-dir',
    indexerEnv('data-dir'),
    'string',
    'PGlite data directory (default .rtevm/indexer; "" keeps it in memory)',
    (c, v) => {
      c.dataDir = v
    },
  ),
  option(
    'cors-origin',
    indexerEnv('cors-origin'),
    'string',
    'origins browsers may query from: * (default) or a comma-separated list',
    (c, v) => {
      c.corsOrigin = v
    },
  ),
  option(
    'allow-public-devnet',
    ALLOW_PUBLIC_DEVNET_ENV,
    'boolean',
    'serve beyond loopback under the devnet profile anyway (true|false)',
    (c, v) => {
      c.allowPublicDevnet = booleanFlag('allow-public-devnet', v)
    },
  ),
  option(
    'database-url',
    'DATABASE_URL',
    'string',
    'postgres:// URL; when set, Postgres replaces PGlite',
    (c, v) => {
      c.databaseUrl = v
    },
  ),
  option(
    'rpc-url',
    indexerEnv('rpc-url'),
    'string',
    'JSON-RPC URL for token names, symbols and decimals (off when unset)',
    (c, v) => {
      c.rpcUrl = v
    },
  ),
  option(
    'max-batch',
    indexerEnv('max-batch'),
    'integer',
    'most stream events written in one database transaction',
    (c, v) => {
      c.maxBatchEvents = integerFlag('max-batch', v)
    },
  ),
  option(
    'stream-batch-ms',
    indexerEnv('stream-batch-ms'),
    'integer',
    'take the stream in batches at most this often, ms (default 20 on PGlite, 2 on Postgres; more costs lag, saves CPU)',
    (c, v) => {
      c.streamBatchMs = integerFlag('stream-batch-ms', v)
    },
  ),
  option(
    'max-queued',
    indexerEnv('max-queued'),
    'integer',
    'events held while writes are behind before resubscribing',
    (c, v) => {
      c.maxQueuedEvents = integerFlag('max-queued', v)
    },
  ),
]

/** Builds the input from the environment first, then flags (flags win). */
export function inputFromCli(
  options: readonly IndexerCliOption[],
  flags: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
): IndexerCliInput {
  return applyCliOptions(options, flags, env, {})
}

/** The --help text, generated from the option table. */
export function helpText(options: readonly IndexerCliOption[]): string {
  return optionsHelp('rtevm-indexer [options]', options) + PROFILE_HELP
}
