/**
 * Dev accounts with a fixed job, so a tab's own account never races their nonces:
 * the arena's bot players move from ARENA_BOT_ACCOUNTS, the market-maker bot quotes from
 * BOT_ACCOUNT_INDEX, and D's deployment (`deployPlaygroundContracts`) sends from the last one.
 * Visitors' tabs take accounts 0…FIRST_RESERVED_ACCOUNT - 1.
 */
export const ARENA_BOT_ACCOUNTS: readonly number[] = [14, 15, 16, 17]
export const BOT_ACCOUNT_INDEX = 18
export const DEPLOYER_ACCOUNT_INDEX = 19
export const FIRST_RESERVED_ACCOUNT = 14

export const isReservedAccount = (index: number) => index >= FIRST_RESERVED_ACCOUNT
