export {
  FeeTooLowError,
  GasLimitExceededError,
  InsufficientFundsError,
  IntrinsicGasTooLowError,
  InvalidSignatureError,
  InvalidTransactionError,
  NonceTooLowError,
  WrongChainIdError,
} from './admission.ts'
export { ErrorCode } from './codes.ts'
export { EstimateGasError } from './EstimateGasError.ts'
export { DecodeError, PayloadTooLargeError, UnsupportedVersionError } from './errors.ts'
export { RtevmError, type RtevmErrorOptions } from './RtevmError.ts'
export { SimulateError, SimulateErrorCode } from './SimulateError.ts'
