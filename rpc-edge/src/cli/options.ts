import {
  applyCliOptions,
  bigintFlag,
  booleanFlag,
  type CliOption,
  integerFlag,
  linkClientOptions,
  optionsHelp,
  PROFILE_HELP,
  type UpstreamAccess,
} from '@rtevm/node'
import type { RpcConfigInput } from '../config/index.ts'
import type { EdgeOptions } from '../edge/index.ts'
import { readApiKeys } from './readApiKeys.ts'

/**
 * What the edge's command line builds: server and edge behaviour. The chain
 * (genesis, chain id, fees, gas limits, block time) comes from the sequencer.
 */
export type EdgeCliInput = {
  rpc: RpcConfigInput
  edge: Partial<EdgeOptions>
  sequencerUrl?: string
  /** `--allow-public-devnet`: serve dev methods or unlocked accounts beyond loopback on purpose. */
  allowPublicDevnet?: boolean
  /** `--link-key`, `--link-ca`: how the edge gets onto the sequencer's link. */
  sequencerAccess?: UpstreamAccess
}

/** One command-line option of the edge. */
export type EdgeCliOption = CliOption<EdgeCliInput>

const integer = integerFlag
const bigint = bigintFlag
const boolean = booleanFlag
const envName = (prefix: string, flag: string) => `${prefix}${flag.toUpperCase().replaceAll('-', '_')}`

/** Server options: env `RTEVM_RPC_*`, so they never collide with the sequencer's `RTEVM_HOST`. */
function rpc(
  flag: string,
  kind: EdgeCliOption['kind'],
  description: string,
  apply: (input: EdgeCliInput, value: string) => void,
): EdgeCliOption {
  return { flag, env: envName('RTEVM_RPC_', flag), description, kind, apply }
}

/** Options shared in name with the sequencer: its own env names, so one environment configures both. */
function chain(
  flag: string,
  kind: EdgeCliOption['kind'],
  description: string,
  apply: (input: EdgeCliInput, value: string) => void,
): EdgeCliOption {
  return { flag, env: envName('RTEVM_', flag), description, kind, apply }
}

/** Every edge setting reachable from the command line and the environment; defaults live in config/ and edge/. */
export const edgeOptions: EdgeCliOption[] = [
  {
    flag: 'sequencer',
    env: 'RTEVM_SEQUENCER',
    kind: 'string',
    description:
      'ws:// URL of the sequencer link (default ws://127.0.0.1:9545), or in-process: run the sequencer in this process, configured by the RTEVM_* variables of rtevm sequencer',
    apply: (c, v) => {
      c.sequencerUrl = v
    },
  },
  // The same flags and variables as `rtevm fullnode` and `rtevm verifier`.
  ...linkClientOptions.map(
    (o): EdgeCliOption => ({
      ...o,
      apply(c, v) {
        c.sequencerAccess = c.sequencerAccess ?? {}
        o.apply(c.sequencerAccess, v)
      },
    }),
  ),
  rpc('host', 'string', 'interface JSON-RPC listens on', (c, v) => {
    c.rpc.host = v
  }),
  rpc('port', 'integer', 'JSON-RPC port, HTTP and WebSocket', (c, v) => {
    c.rpc.port = integer('port', v)
  }),
  rpc('max-body-bytes', 'integer', 'largest HTTP request body', (c, v) => {
    c.rpc.maxBodyBytes = integer('max-body-bytes', v)
  }),
  rpc('max-batch', 'integer', 'most requests in one JSON-RPC batch', (c, v) => {
    c.rpc.maxBatch = integer('max-batch', v)
  }),
  rpc('max-ws-message-bytes', 'integer', 'largest WebSocket message', (c, v) => {
    c.rpc.maxWsMessageBytes = integer('max-ws-message-bytes', v)
  }),
  rpc('max-ws-backpressure-bytes', 'integer', 'unsent bytes before a slow WebSocket is closed', (c, v) => {
    c.rpc.maxWsBackpressureBytes = integer('max-ws-backpressure-bytes', v)
  }),
  rpc('max-subscriptions', 'integer', 'eth_subscribe subscriptions per connection', (c, v) => {
    c.rpc.maxSubscriptionsPerConnection = integer('max-subscriptions', v)
  }),
  rpc('max-connections-per-ip', 'integer', 'open WebSockets per remote IP', (c, v) => {
    c.rpc.maxConnectionsPerIp = integer('max-connections-per-ip', v)
  }),
  rpc('cors-origin', 'string', 'origins browsers may call from: * or a comma-separated list', (c, v) => {
    c.rpc.corsOrigin = v
  }),
  rpc('requests-per-second', 'integer', 'cost units per second each client IP may spend', (c, v) => {
    c.rpc.requestsPerSecond = integer('requests-per-second', v)
  }),
  rpc('request-burst', 'integer', 'cost units an idle client IP may spend at once', (c, v) => {
    c.rpc.requestBurst = integer('request-burst', v)
  }),
  rpc('key-requests-per-second', 'integer', 'cost units per second each API key may spend', (c, v) => {
    c.rpc.keyRequestsPerSecond = integer('key-requests-per-second', v)
  }),
  rpc('key-request-burst', 'integer', 'cost units an idle API key may spend at once', (c, v) => {
    c.rpc.keyRequestBurst = integer('key-request-burst', v)
  }),
  rpc('api-keys', 'string', 'file of accepted API keys, one a line (X-Api-Key header or ?key=)', (c, v) => {
    c.rpc.apiKeys = readApiKeys(v)
  }),
  rpc('max-rate-clients', 'integer', 'clients whose rate buckets are held at once', (c, v) => {
    c.rpc.maxRateClients = integer('max-rate-clients', v)
  }),
  rpc('max-in-flight', 'integer', 'calls running at once on one WebSocket connection', (c, v) => {
    c.rpc.maxInFlightPerConnection = integer('max-in-flight', v)
  }),
  chain(
    'allow-public-devnet',
    'boolean',
    'serve dev methods and unlocked accounts beyond loopback anyway (true|false)',
    (c, v) => {
      c.allowPublicDevnet = boolean('allow-public-devnet', v)
    },
  ),
  rpc('ws-idle-timeout', 'integer', 'seconds without traffic before a WebSocket closes', (c, v) => {
    c.rpc.wsIdleTimeoutSeconds = integer('ws-idle-timeout', v)
  }),
  rpc('backpressure-sweep-ms', 'integer', 'how often WebSockets are checked for backlog', (c, v) => {
    c.rpc.backpressureSweepMs = integer('backpressure-sweep-ms', v)
  }),
  rpc(
    'sync-timeout-ms',
    'integer',
    'eth_sendRawTransactionSync timeout when the client gives none',
    (c, v) => {
      c.edge.defaultSyncTimeoutMs = integer('sync-timeout-ms', v)
    },
  ),
  rpc('max-sync-timeout-ms', 'integer', 'largest sync-send timeout a client may ask for', (c, v) => {
    c.edge.maxSyncTimeoutMs = integer('max-sync-timeout-ms', v)
  }),
  rpc('realtime-timeout-ms', 'integer', 'cap of realtime_sendRawTransaction', (c, v) => {
    c.edge.realtimeTimeoutMs = integer('realtime-timeout-ms', v)
  }),
  rpc(
    'heartbeat-interval-ms',
    'integer',
    'heartbeats subscribers hear from an idle chain this often (0: none)',
    (c, v) => {
      c.edge.heartbeatIntervalMs = integer('heartbeat-interval-ms', v)
    },
  ),
  rpc('max-replay-mini-blocks', 'integer', 'most mini-blocks one fromMiniBlock resume replays', (c, v) => {
    c.edge.maxReplayMiniBlocks = integer('max-replay-mini-blocks', v)
  }),
  rpc('max-lag-ms', 'integer', '/health turns unhealthy past this lag behind the sequencer', (c, v) => {
    c.edge.maxLagMs = integer('max-lag-ms', v)
  }),
  rpc('max-logs', 'integer', 'most logs one eth_getLogs returns', (c, v) => {
    c.edge.maxLogs = integer('max-logs', v)
  }),
  rpc('max-filters', 'integer', 'most eth_newFilter-family filters held at once', (c, v) => {
    c.edge.maxFilters = integer('max-filters', v)
  }),
  rpc(
    'max-filter-changes',
    'integer',
    'most changes a filter buffers between polls before it is dropped',
    (c, v) => {
      c.edge.maxFilterChanges = integer('max-filter-changes', v)
    },
  ),
  rpc('filter-expiry-ms', 'integer', 'uninstall filters not polled for this long', (c, v) => {
    c.edge.filterExpiryMs = integer('filter-expiry-ms', v)
  }),
  chain(
    'state-history-blocks',
    'integer',
    'blocks whose state stays readable by number, hash, safe or finalized (0: newest state only)',
    (c, v) => {
      c.edge.stateHistoryBlocks = integer('state-history-blocks', v)
    },
  ),
  chain('state-history-bytes', 'integer', 'approximate bytes of past state kept in RAM', (c, v) => {
    c.edge.stateHistoryBytes = integer('state-history-bytes', v)
  }),
  rpc(
    'read-workers',
    'integer',
    'threads answering eth_call, estimates, access lists, simulate, traces and large eth_getLogs from their own replicas (0: on the main thread)',
    (c, v) => {
      c.edge.readWorkers = integer('read-workers', v)
    },
  ),
  rpc(
    'read-wait-ms',
    'integer',
    'longest a read waits on a worker to reach the stream position the edge had at its arrival (then: on the main thread)',
    (c, v) => {
      c.edge.readWaitMs = integer('read-wait-ms', v)
    },
  ),
  rpc('gas-cap', 'bigint', 'gas cap of eth_call and eth_estimateGas', (c, v) => {
    c.edge.gasCap = bigint('gas-cap', v)
  }),
  rpc('tip', 'bigint', 'suggested priority fee per gas, in wei', (c, v) => {
    c.edge.tipPerGas = bigint('tip', v)
  }),
  rpc(
    'dev-accounts',
    'boolean',
    'unlock the dev accounts: eth_sendTransaction, eth_sign (true|false)',
    (c, v) => {
      c.edge.devAccounts = boolean('dev-accounts', v)
    },
  ),
  chain(
    'dev-methods',
    'boolean',
    'serve anvil_*, hardhat_* and evm_* methods and impersonated sends (true|false)',
    (c, v) => {
      c.edge.devMethods = boolean('dev-methods', v)
    },
  ),
  chain(
    'mnemonic',
    'string',
    "mnemonic the unlocked dev accounts' keys derive from (default: the devnet's)",
    (c, v) => {
      c.edge.mnemonic = v
    },
  ),
  chain('accounts', 'integer', 'number of unlocked dev accounts', (c, v) => {
    c.edge.devAccountCount = integer('accounts', v)
  }),
]

/** Builds the input from the environment first, then flags (flags win). */
export function inputFromCli(
  options: readonly EdgeCliOption[],
  flags: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
): EdgeCliInput {
  return applyCliOptions(options, flags, env, { rpc: {}, edge: {} })
}

/** The --help text, generated from the option table. */
export function helpText(options: readonly EdgeCliOption[]): string {
  return optionsHelp('rtevm-edge [options]', options) + PROFILE_HELP
}
