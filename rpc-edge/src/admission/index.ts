export { type Admission, type AdmissionChain, createAdmission } from './createAdmission.ts'
export { createRecoveryWorkers, type SenderRecovery } from './createRecoveryWorkers.ts'
export { minimumGasLimit } from './intrinsicGas.ts'
