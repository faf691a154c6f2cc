import { parseArgs } from 'node:util'
import { RtevmError } from '@rtevm/protocol'
import { defineConfig } from '../config/index.ts'
import { createLinkServer } from '../link/index.ts'
import { createSequencer } from '../sequencer/index.ts'
import { hexFromBytes } from '../state/index.ts'
import { banner } from './banner.ts'
import { configFromCli, helpText, sequencerOptions } from './options.ts'

const commands: Record<string, string> = {
  sequencer: 'run the sequencer and its binary link',
  devnet: 'run the whole devnet (today: the sequencer and its link)',
}

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
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      help: { type: 'boolean' },
      ...Object.fromEntries(sequencerOptions.map((o) => [o.flag, { type: 'string' as const }])),
    },
  })
  if (values.help) {
    console.log(helpText(command, sequencerOptions))
    return
  }
  const config = defineConfig(configFromCli(sequencerOptions, values, process.env))
  const sequencer = await createSequencer(config)
  const link = await createLinkServer({ config: config.link, backend: sequencer })
  console.log(banner(sequencer.config, sequencer.devAccounts, { 'Sequencer link': link.url }))
  console.log('Listening. Ctrl-C stops.\n')

  const unsubscribe = sequencer.events.subscribe(({ event }) => {
    if (event.kind !== 'block' || event.block.transactionHashes.length === 0) return
    const { header, miniBlockCount, transactionHashes } = event.block
    console.log(
      `block ${header.number}: ${transactionHashes.length} txs in ${miniBlockCount} mini-blocks, gas ${header.gasUsed}, state root 0x${hexFromBytes(header.stateRoot)}`,
    )
  })
  const stop = async (signal: string) => {
    console.log(`\n${signal}: stopping`)
    unsubscribe()
    await link.close()
    await sequencer.close()
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
