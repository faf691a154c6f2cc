/**
 * The devnet's development accounts, as anvil and Hardhat have them: derived
 * from this mnemonic on m/44'/60'/0'/0/i, the first `DEV_ACCOUNT_COUNT` funded
 * at genesis (the sequencer's defaults) and unlocked at the edge.
 */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk'
export const DEV_ACCOUNT_COUNT = 20
