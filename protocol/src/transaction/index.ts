export { type ParsedTransaction, parseTransaction } from './parseTransaction.ts'
export { checkTransactionType, transactionTypeNumber } from './transactionType.ts'
