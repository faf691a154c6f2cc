export { createTxTracer } from './createTxTracer.ts'
export type { TracedRun, TxTracer } from './TxTracer.ts'
