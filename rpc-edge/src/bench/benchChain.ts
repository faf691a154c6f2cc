import { defineConfig, deriveDevAccounts } from '@rtevm/node'

export const CHAIN_ID = 31337
const GWEI = 1_000_000_000n

/** Every peer derives its dev accounts from the same default mnemonic; `link.port: 0` lets the OS pick. */
export const chainConfig = defineConfig({ link: { port: 0 } })
export const devAccounts = deriveDevAccounts(chainConfig.mnemonic, chainConfig.devAccountCount)
/** Above every peer's starting base fee (1 gwei on Hardhat and anvil), so nothing is underpriced. */
export const fees = { maxFeePerGas: 10n * GWEI, maxPriorityFeePerGas: 1n }

/** Progress lines go to stderr, indented under the suite's name; the table goes to stdout. */
export const log = (message: string) => console.error(`  ${message}`)
