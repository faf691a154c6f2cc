export { createAdaptiveRecovery, createInlineRecovery, createRecoveryPool } from './createSenderRecovery.ts'
