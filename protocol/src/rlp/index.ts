export { decodeRlp } from './decodeRlp.ts'
export { encodeRlp, type RlpItem } from './encodeRlp.ts'
export { rlpWriter } from './rlpWriter.ts'
