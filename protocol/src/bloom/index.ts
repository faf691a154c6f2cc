export { type Keccak256, logsBloom, orBloom } from './logsBloom.ts'
