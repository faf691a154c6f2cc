import { RtevmError, type RtevmErrorOptions } from '@rtevm/protocol'

/** Codes of witness errors (strings, so `protocol/` needs no new entries). */
export const WitnessErrorCode = {
  MissingKey: 'WITNESS_MISSING_KEY',
  MissingNode: 'WITNESS_MISSING_NODE',
  Invalid: 'WITNESS_INVALID',
} as const

/** Execution read an account, slot or code that the witness does not cover. */
export class WitnessMissingKeyError extends RtevmError {
  override name = 'WitnessMissingKeyError'
  constructor(kind: 'account' | 'slot' | 'code', key: string) {
    super(WitnessErrorCode.MissingKey, `execution read ${kind} ${key}, which the witness does not cover`)
  }
}

/**
 * A trie walk or update needed a node the witness lacks: `path` is the
 * nibble path (hex, one digit per nibble) from the trie's root to it.
 */
export class WitnessMissingNodeError extends RtevmError {
  override name = 'WitnessMissingNodeError'
  readonly hash: Uint8Array
  readonly path: number[]
  constructor(hash: Uint8Array, path: number[]) {
    super(WitnessErrorCode.MissingNode, 'the witness lacks a trie node the block needs', {
      details: `node 0x${hex(hash)} at path ${path.map((n) => n.toString(16)).join('') || '(root)'}`,
    })
    this.hash = hash
    this.path = path
  }
}

/** The witness is not a proof of anything against its parent root: bad RLP, stray or forged nodes. */
export class WitnessInvalidError extends RtevmError {
  override name = 'WitnessInvalidError'
  constructor(reason: string, options: RtevmErrorOptions = {}) {
    super(WitnessErrorCode.Invalid, `invalid witness: ${reason}`, options)
  }
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
