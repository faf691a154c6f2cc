export { createTxSigner, type TxSigner } from './createTxSigner.ts'
