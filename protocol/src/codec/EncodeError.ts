import { ErrorCode, RtevmError } from '../errors/index.ts'

/**
 * A value that does not fit its wire format (a 19-byte address, a negative
 * quantity, five topics). Thrown by encoders so a producer bug surfaces where
 * it happens instead of as an undecodable frame on every follower.
 */
export class EncodeError extends RtevmError {
  override name = 'EncodeError'
  constructor(what: string, details: string) {
    super(ErrorCode.MalformedInput, `cannot encode ${what}`, { details })
  }
}
