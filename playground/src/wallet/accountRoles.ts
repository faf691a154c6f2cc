/**
 * Dev accounts with a fixed job, so a tab's own account never races their nonces:
 * the market-maker bot quotes from one, and D's deployment (`deployPlaygroundContracts`)
 * sends from the last dev account.
 */
export const BOT_ACCOUNT_INDEX = 18
export const DEPLOYER_ACCOUNT_INDEX = 19
