export { type DevAccount, deriveDevAccounts } from './devAccounts.ts'
