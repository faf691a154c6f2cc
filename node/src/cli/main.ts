import { parseArgs } from 'node:util'
import { RtevmError } from '@rtevm/protocol'
import { DEVNET_VERIFIER_KEY, defineConfig, type SequencerConfig } from '../config/index.ts'
import { createFullNode } from '../fullnode/index.ts'
import { checkLinkConfig, createLinkServer } from '../link/index.ts'
import { createSequencer } from '../sequencer/index.ts'
import { hexFromBytes } from '../state/index.ts'
import { createVerifierNode } from '../verifier/index.ts'
import { banner } from './banner.ts'
import { booleanFlag, integerFlag } from './flagValues.ts'
import { linkClientOptions, type UpstreamAccess } from './linkClientOptions.ts'
import {
  applyCliOptions,
  configFromCli,
  fullNodeOptions,
  helpText,
  optionsHelp,
  sequencerOptions,
} from './options.ts'
import { PROFILE_HELP, profileFromCli, sequencerProfileInput } from './profileOption.ts'

const commands: Record<string, string> = {
  sequencer: 'run the sequencer and its binary link',
  devnet: 'the same as sequencer (pnpm start runs the whole devnet)',
  fullnode: 'follow a sequencer or full node, re-derive every block, and relay its stream',
  verifier: 'verify each block statelessly from its witness on worker threads, and attest',
}

/** Per-block lines (routine progress) only with --verbose or RTEVM_LOG_LEVEL=debug; warnings and errors always. */
let verbose = false

/** Where the sequencer keeps its log unless told otherwise: it recovers from there on restart. */
const DEFAULT_DATA_DIR = '.rtevm/data'
const DEFAULT_UPSTREAM = 'ws://127.0.0.1:9545'

async function main(argv: string[]) {
  const [command, ...rest] = argv
  if (!command || command === 'help' || command === '--help' || !(command in commands)) {
    const list = Object.entries(commands).map(([name, what]) => `  ${name.padEnd(12)}${what}`)
    console.log(
      `usage: rtevm <command> [options]\n\n${list.join('\n')}\n\nrtevm <command> --help lists its options`,
    )
    process.exitCode = command && command !== 'help' && command !== '--help' ? 2 : 0
    return
  }
  // A full node and a verifier take the chain from their upstream: they have no chain options.
  const commandOptions =
    command === 'fullnode' ? fullNodeOptions : command === 'verifier' ? [] : sequencerOptions
  // A full node and a verifier connect to an upstream link: with a key, over TLS.
  const clientOptions = command === 'fullnode' || command === 'verifier' ? linkClientOptions : []
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      help: { type: 'boolean' },
      follow: { type: 'string' },
      workers: { type: 'string' },
      key: { type: 'string' },
      'batch-ms': { type: 'string' },
      'compile-contracts': { type: 'string' },
      verbose: { type: 'boolean' },
      profile: { type: 'string' },
      ...Object.fromEntries(commandOptions.map((o) => [o.flag, { type: 'string' as const }])),
      ...Object.fromEntries(clientOptions.map((o) => [o.flag, { type: 'string' as const }])),
    },
  })
  if (values.help) {
    const upstreamHelp = clientOptions.length > 0 ? optionsHelp('', clientOptions).split('\n\n')[1] : ''
    if (command === 'verifier') {
      console.log(VERIFIER_HELP + upstreamHelp + VERBOSE_HELP)
      return
    }
    const follow =
      command === 'fullnode'
        ? `\n  --follow    upstream link URL (default ${DEFAULT_UPSTREAM}) [env RTEVM_FOLLOW]\n` +
          '  --batch-ms  take the stream in batches at most this often, instead of one frame per mini-block (default 0) [env RTEVM_FULLNODE_BATCH_MS]\n'
        : ''
    console.log(helpText(command, commandOptions) + follow + upstreamHelp + VERBOSE_HELP)
    return
  }
  const profile = profileFromCli(values, process.env)
  const input = configFromCli(commandOptions, values, process.env, sequencerProfileInput(profile))
  const upstreamAccess = applyCliOptions<UpstreamAccess>(clientOptions, values, process.env, {})
  verbose = values.verbose === true || process.env.RTEVM_LOG_LEVEL === 'debug'
  if (command === 'verifier') {
    await runVerifier({
      upstreamUrl: values.follow ?? process.env.RTEVM_FOLLOW ?? DEFAULT_UPSTREAM,
      workers: integerFlag('workers', values.workers ?? process.env.RTEVM_VERIFIER_WORKERS ?? '1'),
      key: values.key ?? process.env.RTEVM_VERIFIER_KEY ?? DEVNET_VERIFIER_KEY,
      compileContracts: booleanFlag(
        'compile-contracts',
        values['compile-contracts'] ?? (process.env.RTEVM_COMPILE_CONTRACTS || 'true'),
      ),
      upstreamAccess,
    })
    return
  }
  if (command === 'fullnode') {
    await runFullNode(
      defineConfig(input),
      values.follow ?? process.env.RTEVM_FOLLOW ?? DEFAULT_UPSTREAM,
      integerFlag('batch-ms', values['batch-ms'] ?? process.env.RTEVM_FULLNODE_BATCH_MS ?? '0'),
      upstreamAccess,
    )
    return
  }
  const flags = values as Record<string, string | boolean | undefined>
  const explicitDataDir = flags['data-dir'] !== undefined || process.env.RTEVM_DATA_DIR !== undefined
  await runSequencer(defineConfig(explicitDataDir ? input : { ...input, dataDir: DEFAULT_DATA_DIR }))
}

async function runSequencer(config: SequencerConfig) {
  checkLinkConfig(config.link)
  const sequencer = await createSequencer(config)
  const link = await createLinkServer({ config: config.link, backend: sequencer })
  console.log(
    banner(sequencer.config, sequencer.devAccounts, {
      'Sequencer link': link.url,
      'Data directory': config.dataDir ?? '(none: nothing is durable)',
      'Resumed at stream seq': String(sequencer.events.head()),
    }),
  )
  console.log('Listening. Ctrl-C stops.\n')

  const unsubscribe = sequencer.events.subscribe(({ event }) => {
    if (!verbose || event.kind !== 'block' || event.block.transactionHashes.length === 0) return
    const { header, miniBlockCount, transactionHashes } = event.block
    console.log(
      `block ${header.number}: ${transactionHashes.length} txs in ${miniBlockCount} mini-blocks, gas ${header.gasUsed}, state root 0x${hexFromBytes(header.stateRoot)}`,
    )
  })
  onStop(async () => {
    unsubscribe()
    await link.close()
    await sequencer.close()
  })
}

async function runFullNode(
  config: SequencerConfig,
  upstreamUrl: string,
  batchMs: number,
  upstreamAccess: UpstreamAccess,
) {
  checkLinkConfig(config.link)
  const node = await createFullNode({
    config,
    upstreamUrl,
    upstreamAccess,
    batchMs,
    onError(error) {
      if (node?.replica.haltedBy() === error) return
      console.error(`fullnode: ${error instanceof Error ? error.message : String(error)}`)
    },
  })
  const stopWatching = node.replica.onEvent((event) => {
    if (!verbose || event.kind !== 'block' || event.block.transactionHashes.length === 0) return
    const { header } = event.block
    console.log(`block ${header.number} verified: state root 0x${hexFromBytes(header.stateRoot)}`)
  })
  // A block whose root differs halts the replica: say so loudly and exit non-zero.
  const watchdog = setInterval(() => {
    const halted = node.replica.haltedBy()
    if (halted === undefined) return
    console.error(
      `\nfullnode: HALTED — ${halted instanceof Error ? halted.message : String(halted)}\n` +
        'the upstream served a block this node could not re-derive; it stopped following it',
    )
    process.exit(1)
  }, 100)
  watchdog.unref()
  console.log(`rtevm full node: following ${upstreamUrl}; relaying on ${node.link.url}`)
  await node.ready()
  console.log('Listening. Ctrl-C stops.\n')
  onStop(async () => {
    stopWatching()
    await node.close()
  })
}

/** The options every command takes. */
const VERBOSE_HELP = `${PROFILE_HELP}  --verbose   print a line per block [env RTEVM_LOG_LEVEL=debug]\n`

const VERIFIER_HELP = `usage: rtevm verifier [options]

  --follow    the sequencer's link URL (default ${DEFAULT_UPSTREAM}) [env RTEVM_FOLLOW]
  --workers   verification worker threads (default 1) [env RTEVM_VERIFIER_WORKERS]
  --key       attestation signing key, 0x hex (default: the public devnet verifier key) [env RTEVM_VERIFIER_KEY]
  --compile-contracts  re-execute hot contract code compiled to JavaScript (true|false, default true) [env RTEVM_COMPILE_CONTRACTS]

The chain (genesis, chain id) comes from the sequencer over the link.
`

async function runVerifier(options: {
  upstreamUrl: string
  workers: number
  key: string
  compileContracts: boolean
  upstreamAccess: UpstreamAccess
}) {
  if (!/^0x[0-9a-fA-F]{64}$/.test(options.key))
    throw new TypeError('--key must be a 32-byte private key in 0x hex')
  const node = await createVerifierNode({
    upstreamUrl: options.upstreamUrl,
    upstreamAccess: options.upstreamAccess,
    signerKey: Buffer.from(options.key.slice(2), 'hex'),
    workers: options.workers,
    compileContracts: options.compileContracts,
    onAttestation(attestation, finalized) {
      if (!attestation.ok) console.error(`verifier: block ${attestation.blockNumber} FAILED verification`)
      else if (verbose && attestation.blockNumber % 10n === 0n)
        console.log(`block ${attestation.blockNumber} attested; finalized ${finalized}`)
    },
    onError: (error) => console.error(`verifier: ${error instanceof Error ? error.message : String(error)}`),
  })
  await node.ready()
  const address = Buffer.from(node.pool.verifier).toString('hex')
  console.log(
    `rtevm verifier: ${options.workers} worker(s) verifying ${options.upstreamUrl}'s blocks as 0x${address}`,
  )
  console.log('Listening. Ctrl-C stops.\n')
  onStop(() => node.close())
}

function onStop(close: () => Promise<void>) {
  const stop = async (signal: string) => {
    console.log(`\n${signal}: stopping`)
    await close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof RtevmError || error instanceof TypeError) {
    console.error(`rtevm: ${error.message}`)
  } else if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    console.error(`rtevm: ${error.message}\nrun with --help to list the options`)
  } else {
    console.error('rtevm: unexpected failure', error)
  }
  process.exit(1)
})
