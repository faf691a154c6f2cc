import type { SequencerConfigInput } from '../config/index.ts'
import { readLinkPeers } from '../link/index.ts'
import { bigintFlag, booleanFlag, integerFlag } from './flagValues.ts'

/** One command-line option: its flag, its environment variable, and how it sets the input it builds. */
export type CliOption<Input = SequencerConfigInput> = {
  flag: string
  env: string
  description: string
  kind: 'string' | 'integer' | 'bigint' | 'boolean'
  apply(input: Input, value: string): void
}

const integer = integerFlag
const bigint = bigintFlag

function option(
  flag: string,
  kind: CliOption['kind'],
  description: string,
  apply: (input: SequencerConfigInput, value: string) => void,
): CliOption {
  return { flag, env: `RTEVM_${flag.toUpperCase().replaceAll('-', '_')}`, description, kind, apply }
}

/** Every sequencer setting reachable from the command line and the environment; defaults live in config/. */
export const sequencerOptions: CliOption[] = [
  option('host', 'string', 'interface the link listens on', (c, v) => {
    c.link = { ...c.link, host: v }
  }),
  option('link-port', 'integer', 'port of the binary tx/stream link', (c, v) => {
    c.link = { ...c.link, port: integer('link-port', v) }
  }),
  option('chain-id', 'bigint', 'chain id', (c, v) => {
    c.chainId = bigint('chain-id', v)
  }),
  option('mnemonic', 'string', 'mnemonic the dev accounts derive from', (c, v) => {
    c.mnemonic = v
  }),
  option('accounts', 'integer', 'number of funded dev accounts', (c, v) => {
    c.devAccountCount = integer('accounts', v)
  }),
  option('balance', 'bigint', 'ETH given to each dev account', (c, v) => {
    c.devAccountBalance = bigint('balance', v) * 10n ** 18n
  }),
  option('base-fee', 'bigint', 'base fee per gas of every block, in wei', (c, v) => {
    c.baseFeePerGas = bigint('base-fee', v)
  }),
  option('block-gas-limit', 'bigint', 'gas limit of an EVM block', (c, v) => {
    c.blockGasLimit = bigint('block-gas-limit', v)
  }),
  option('max-tx-gas', 'bigint', 'largest gas limit of one transaction', (c, v) => {
    c.maxTransactionGas = bigint('max-tx-gas', v)
  }),
  option('block-time', 'integer', 'EVM block interval in milliseconds', (c, v) => {
    c.blockIntervalMs = integer('block-time', v)
  }),
  option('mini-block-work', 'integer', 'µs of execution after which a mini-block is sealed', (c, v) => {
    c.miniBlockMaxWorkUs = integer('mini-block-work', v)
  }),
  option('mempool-size', 'integer', 'most transactions in the mempool', (c, v) => {
    c.mempool = { ...c.mempool, maxTransactions: integer('mempool-size', v) }
  }),
  option('mempool-bytes', 'integer', 'most encoded bytes in the mempool', (c, v) => {
    c.mempool = { ...c.mempool, maxBytes: integer('mempool-bytes', v) }
  }),
  option('mempool-per-sender', 'integer', 'most transactions per sender in the mempool', (c, v) => {
    c.mempool = { ...c.mempool, maxPerSender: integer('mempool-per-sender', v) }
  }),
  option('max-nonce-gap', 'integer', 'furthest future nonce held in the mempool', (c, v) => {
    c.mempool = { ...c.mempool, maxNonceGap: integer('max-nonce-gap', v) }
  }),
  option(
    'fast-transfers',
    'boolean',
    'apply plain ETH transfers without the interpreter (true|false)',
    (c, v) => {
      c.fastTransfers = booleanFlag('fast-transfers', v)
    },
  ),
  option('lean-calls', 'boolean', 'run common contract calls without runTx setup (true|false)', (c, v) => {
    c.leanCalls = booleanFlag('lean-calls', v)
  }),
  option(
    'compile-contracts',
    'boolean',
    'run hot contract code compiled to JavaScript (true|false)',
    (c, v) => {
      c.compileContracts = booleanFlag('compile-contracts', v)
    },
  ),
  option(
    'dev-methods',
    'boolean',
    'accept devnet commands: state edits, impersonation, time control, mining (true|false)',
    (c, v) => {
      c.devMethods = booleanFlag('dev-methods', v)
    },
  ),
  option('recovery-workers', 'integer', 'sender-recovery worker threads (0: one per core)', (c, v) => {
    c.recoveryWorkers = integer('recovery-workers', v)
  }),
  option(
    'data-dir',
    'string',
    'directory of the DA log and state snapshots (default .rtevm/data; "" keeps nothing on disk)',
    (c, v) => {
      c.dataDir = v === '' ? undefined : v
    },
  ),
  option('snapshot-every', 'integer', 'take a state snapshot every this many blocks (0: never)', (c, v) => {
    c.snapshotEveryBlocks = integer('snapshot-every', v)
  }),
  option('history-limit', 'integer', 'stream events kept in RAM for followers', (c, v) => {
    c.historyLimit = integer('history-limit', v)
  }),
  option('history-bytes', 'integer', 'encoded bytes of stream events kept in RAM for followers', (c, v) => {
    c.historyBytesLimit = integer('history-bytes', v)
  }),
  option('link-max-payload', 'integer', 'largest frame accepted on the link, bytes', (c, v) => {
    c.link = { ...c.link, maxPayloadBytes: integer('link-max-payload', v) }
  }),
  option('link-max-backpressure', 'integer', 'bytes buffered for a follower before it is dropped', (c, v) => {
    c.link = { ...c.link, maxBackpressureBytes: integer('link-max-backpressure', v) }
  }),
  option('link-max-connections', 'integer', 'most simultaneous link connections', (c, v) => {
    c.link = { ...c.link, maxConnections: integer('link-max-connections', v) }
  }),
  option('link-max-inflight', 'integer', 'transactions one link connection may have in flight', (c, v) => {
    c.link = { ...c.link, maxInflightPerConnection: integer('link-max-inflight', v) }
  }),
  option(
    'link-peers',
    'string',
    'JSON file of the peers allowed on the link: [{ "name", "key": Ed25519 public key hex, "roles" }] (needed to bind beyond loopback)',
    (c, v) => {
      c.link = { ...c.link, peers: readLinkPeers(v) }
    },
  ),
  option('link-tls-cert', 'string', 'PEM certificate to serve the link over TLS (wss://) with', (c, v) => {
    c.link = { ...c.link, tls: { certFile: v, keyFile: c.link?.tls?.keyFile ?? '' } }
  }),
  option('link-tls-key', 'string', 'PEM private key of --link-tls-cert', (c, v) => {
    c.link = { ...c.link, tls: { certFile: c.link?.tls?.certFile ?? '', keyFile: v } }
  }),
]

/** Applies the environment first, then flags (flags win), to `input`; returns it. Empty variables are unset. */
export function applyCliOptions<Input>(
  options: readonly CliOption<Input>[],
  flags: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
  input: Input,
): Input {
  for (const o of options) {
    const fromEnv = env[o.env]
    if (fromEnv !== undefined && fromEnv !== '') o.apply(input, fromEnv)
  }
  for (const o of options) {
    const value = flags[o.flag]
    if (typeof value === 'string') o.apply(input, value)
  }
  return input
}

/** A --help text generated from an option table, under `usage: <usage>`. */
export function optionsHelp<Input>(usage: string, options: readonly CliOption<Input>[]): string {
  const width = Math.max(...options.map((o) => o.flag.length)) + 4
  const lines = options.map((o) => `  --${o.flag.padEnd(width)}${o.description} [env ${o.env}]`)
  return `usage: ${usage}\n\n${lines.join('\n')}\n`
}

/** Sequencer config overrides from the environment and flags, on top of `base` (the profile's). */
export function configFromCli(
  options: readonly CliOption[],
  flags: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
  base: SequencerConfigInput = {},
): SequencerConfigInput {
  return applyCliOptions(options, flags, env, { ...base })
}

/** The --help text of `rtevm <command>`. */
export function helpText(command: string, options: readonly CliOption[]): string {
  return optionsHelp(`rtevm ${command} [options]`, options)
}

/**
 * What `rtevm fullnode` takes: the link it serves downstream and its history.
 * The chain (genesis, chain id, fees, gas limits) comes from the upstream.
 */
export const fullNodeOptions: CliOption[] = sequencerOptions.filter(
  (o) => o.flag === 'host' || o.flag.startsWith('link-') || o.flag.startsWith('history-'),
)
