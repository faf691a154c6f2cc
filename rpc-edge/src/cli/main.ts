import { parseArgs } from 'node:util'
import { banner, defineConfig, deriveDevAccounts, profileFromCli } from '@rtevm/node'
import { RtevmError } from '@rtevm/protocol'
import { createEdge, defineEdgeOptions, edgeProfileInput } from '../edge/index.ts'
import { edgeOptions, helpText, inputFromCli } from './options.ts'
import { type InProcessSequencer, startInProcessSequencer } from './startInProcessSequencer.ts'

const DEFAULT_SEQUENCER = 'ws://127.0.0.1:9545'
const IN_PROCESS = 'in-process'
/** How long the edge waits to catch up before saying so (it keeps trying). */
const READY_WARNING_MS = 10_000

async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      help: { type: 'boolean' },
      profile: { type: 'string' },
      ...Object.fromEntries(edgeOptions.map((o) => [o.flag, { type: 'string' as const }])),
    },
  })
  if (values.help) {
    console.log(helpText(edgeOptions))
    return
  }
  const profile = profileFromCli(values, process.env)
  const input = inputFromCli(edgeOptions, values, process.env)
  // `--sequencer in-process`: the sequencer runs here, and the edge reaches it without a socket.
  const local: InProcessSequencer | undefined =
    input.sequencerUrl === IN_PROCESS ? await startInProcessSequencer(process.env, profile) : undefined
  const sequencerUrl = local ? local.link.url : (input.sequencerUrl ?? DEFAULT_SEQUENCER)
  let lastError = ''
  const edge = await createEdge({
    rpc: input.rpc,
    edge: input.edge,
    profile: profile.name,
    allowPublicDevnet: input.allowPublicDevnet,
    ...(local ? { sequencer: local.sequencer } : { sequencerUrl, sequencerAccess: input.sequencerAccess }),
    onError: (error) => {
      // Link drops repeat on every reconnection attempt: print each new reason once.
      const message = error instanceof Error ? error.message : String(error)
      if (message !== lastError) console.error(`rtevm-edge: ${message}`)
      lastError = message
    },
  })
  const warn = setTimeout(
    () => console.error(`rtevm-edge: not caught up with ${sequencerUrl} yet; still trying`),
    READY_WARNING_MS,
  )
  await edge.whenReady()
  clearTimeout(warn)
  // The chain as the sequencer served it; the dev accounts as this edge unlocks them.
  const options = defineEdgeOptions({ ...edgeProfileInput(profile).edge, ...input.edge })
  const devAccounts = options.devAccounts ? deriveDevAccounts(options.mnemonic, options.devAccountCount) : []
  const first = devAccounts[0] && edge.replica.getAccount(Buffer.from(devAccounts[0].address.slice(2), 'hex'))
  const chainConfig = defineConfig({
    ...edge.replica.chain,
    mnemonic: options.mnemonic,
    devAccountCount: devAccounts.length,
    devAccountBalance: first?.balance ?? 0n,
  })
  console.log(
    banner(chainConfig, devAccounts, {
      'JSON-RPC HTTP': edge.url,
      'JSON-RPC WS': edge.wsUrl,
      'Sequencer link': local ? `${sequencerUrl} (sequencer in this process)` : sequencerUrl,
      Status: `${edge.url}/health ${edge.url}/ready ${edge.url}/metrics`,
    }),
  )
  console.log('Listening. Ctrl-C stops.\n')

  const stop = async (signal: string) => {
    console.log(`\n${signal}: stopping the edge`)
    await edge.close()
    await local?.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof RtevmError || error instanceof TypeError) {
    console.error(`rtevm-edge: ${error.message}`)
  } else if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    console.error(`rtevm-edge: ${error.message}\nrun with --help to list the options`)
  } else {
    console.error('rtevm-edge: unexpected failure', error)
  }
  process.exit(1)
})
