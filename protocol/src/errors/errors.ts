import { ErrorCode } from './codes.ts'
import { RtevmError, type RtevmErrorOptions } from './RtevmError.ts'

/** Bytes that do not decode: truncated, trailing data, bad lengths, unknown tags. */
export class DecodeError extends RtevmError {
  override name = 'DecodeError'
  constructor(what: string, options: RtevmErrorOptions = {}) {
    super(ErrorCode.MalformedInput, `malformed ${what}`, options)
  }
}

/** A payload encoded by a codec version this build does not know. */
export class UnsupportedVersionError extends RtevmError {
  override name = 'UnsupportedVersionError'
  constructor(what: string, version: number) {
    super(ErrorCode.UnsupportedVersion, `unsupported ${what} version ${version}`)
  }
}

/** A payload over its configured size limit. */
export class PayloadTooLargeError extends RtevmError {
  override name = 'PayloadTooLargeError'
  constructor(what: string, size: number, limit: number) {
    super(ErrorCode.PayloadTooLarge, `${what} of ${size} bytes exceeds the limit of ${limit}`)
  }
}
