import { ErrorCode, RtevmError } from '@rtevm/protocol'

/** An address, slot or value the commitment cannot represent (wrong length, out of range). */
export class InvalidStateInputError extends RtevmError {
  override name = 'InvalidStateInputError'
  constructor(what: string, details?: string) {
    super(ErrorCode.MalformedInput, `invalid ${what} for the state commitment`, { details })
  }
}

/**
 * Storage left on an account that does not exist when the root is computed.
 * Ethereum has no such state, so it means the caller applied a diff
 * incompletely or out of order; committing anyway would give a wrong root.
 */
export class OrphanStorageError extends RtevmError {
  override name = 'OrphanStorageError'
  constructor(address: string) {
    super(ErrorCode.Internal, 'storage on an account that does not exist', { details: `address ${address}` })
  }
}
