export { type Admission, type AdmissionChain, createAdmission } from './createAdmission.ts'
export { minimumGasLimit } from './intrinsicGas.ts'
