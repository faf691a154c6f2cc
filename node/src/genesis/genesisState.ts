import { KECCAK256_NULL } from '@ethereumjs/util'
import type { DevAccount, GenesisAccount } from '@rtevm/protocol'
import type { GenesisAllocation, SequencerConfig } from '../config/index.ts'
import { bytesFromHex, createRamState, type RamState } from '../state/index.ts'
import { deriveDevAccounts } from './devAccounts.ts'

/** Funds the dev accounts in `state`; the change shows up in the next `takeDiff`. */
export function applyGenesis(
  state: RamState,
  accounts: readonly DevAccount[],
  balance: bigint,
  alloc: readonly GenesisAllocation[],
): void {
  const funded = [...accounts.map((account) => ({ address: account.address, balance })), ...alloc]
  for (const { address, balance } of funded) {
    state.putAccount(address.slice(2).toLowerCase(), { nonce: 0n, balance, codeHash: KECCAK256_NULL })
  }
}

/** The genesis accounts, as the link's compact stream codec starts from them (sorted, deduplicated by address). */
export function genesisAccounts(
  config: SequencerConfig,
  devAccounts: readonly DevAccount[] = deriveDevAccounts(config.mnemonic, config.devAccountCount),
): GenesisAccount[] {
  const state = createRamState({ trackDiffs: false })
  applyGenesis(state, devAccounts, config.devAccountBalance, config.alloc)
  return Array.from(state.accounts(), ([address, account]) => ({
    address: bytesFromHex(address),
    ...account,
  })).sort((a, b) => Buffer.compare(a.address, b.address))
}
