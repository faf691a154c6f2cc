export { ErrorCode } from './codes.ts'
export { DecodeError, PayloadTooLargeError, UnsupportedVersionError } from './errors.ts'
export { RtevmError, type RtevmErrorOptions } from './RtevmError.ts'
