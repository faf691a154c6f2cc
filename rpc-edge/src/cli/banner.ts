import type { SequencerConfig } from '@rtevm/node'
import { deriveDevAccounts } from '@rtevm/node'

/** What the edge prints once ready, in the spirit of anvil's banner. */
export function banner(config: SequencerConfig, endpoints: Record<string, string>): string {
  const accounts = deriveDevAccounts(config.mnemonic, config.devAccountCount)
  const eth = config.devAccountBalance / 10n ** 18n
  return [
    '',
    `rtevm — real-time EVM devnet, chain id ${config.chainId}`,
    '',
    'Available Accounts',
    '==================',
    ...accounts.map((a, i) => `(${i}) ${a.address} (${eth} ETH)`),
    '',
    'Private Keys',
    '==================',
    ...accounts.map((a, i) => `(${i}) ${a.privateKey}`),
    '',
    'Wallet',
    '==================',
    `Mnemonic:          ${config.mnemonic}`,
    "Derivation path:   m/44'/60'/0'/0/",
    '',
    'Endpoints',
    '==================',
    ...Object.entries(endpoints).map(([name, url]) => `${`${name}:`.padEnd(19)}${url}`),
    '',
  ].join('\n')
}
