export {
  createAdaptiveRecovery,
  createInlineRecovery,
  createRecoveryPool,
  type Recovered,
  type SenderRecovery,
} from './createSenderRecovery.ts'
