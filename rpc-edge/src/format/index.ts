export { addressHex, dataHex, quantityHex } from './hex.ts'
