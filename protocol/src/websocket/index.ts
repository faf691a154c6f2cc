export { closeReason } from './closeReason.ts'
