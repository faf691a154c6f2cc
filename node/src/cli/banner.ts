import type { DevAccount } from '@rtevm/protocol'
import type { SequencerConfig } from '../config/index.ts'

/** What the devnet prints at start, in the spirit of anvil's banner. */
export function banner(
  config: SequencerConfig,
  devAccounts: readonly DevAccount[],
  endpoints: Record<string, string>,
): string {
  const eth = config.devAccountBalance / 10n ** 18n
  const lines = [
    '',
    `rtevm — real-time EVM devnet, chain id ${config.chainId}`,
    '',
    'Available Accounts',
    '==================',
    ...devAccounts.map((a, i) => `(${i}) ${a.address} (${eth} ETH)`),
    '',
    'Private Keys',
    '==================',
    ...devAccounts.map((a, i) => `(${i}) ${a.privateKey}`),
    '',
    'Wallet',
    '==================',
    `Mnemonic:          ${config.mnemonic}`,
    "Derivation path:   m/44'/60'/0'/0/",
    '',
    'Chain',
    '==================',
    `Chain id:          ${config.chainId}`,
    `Base fee:          ${config.baseFeePerGas} wei`,
    `Block gas limit:   ${config.blockGasLimit}`,
    `EVM block every:   ${config.blockIntervalMs} ms`,
    `Mini-blocks:       sealed when the queue drains or after ${config.miniBlockMaxWorkUs} µs of work`,
    '',
    'Endpoints',
    '==================',
    ...Object.entries(endpoints).map(([name, url]) => `${`${name}:`.padEnd(19)}${url}`),
    '',
  ]
  return lines.join('\n')
}
