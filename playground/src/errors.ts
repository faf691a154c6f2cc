import { RtevmError } from '@rtevm/protocol'

/** Stable codes of the playground's errors (what a test or a caller may match on). */
export type PlaygroundErrorCode =
  | 'PLAYGROUND_TX_REVERTED'
  | 'PLAYGROUND_TIMEOUT'
  | 'PLAYGROUND_BAD_INPUT'
  | 'PLAYGROUND_COMPILE_FAILED'
  | 'PLAYGROUND_CONTRACTS_MISSING'
  | 'PLAYGROUND_NO_WALLET'

export class PlaygroundError extends RtevmError {
  override name = 'PlaygroundError'
  declare readonly code: PlaygroundErrorCode
  constructor(
    code: PlaygroundErrorCode,
    shortMessage: string,
    options: { details?: string; cause?: unknown; retryable?: boolean; data?: unknown } = {},
  ) {
    super(code, shortMessage, options)
  }
}

/** The short human message of any error, for the UI. */
export function messageOf(error: unknown): string {
  if (error instanceof RtevmError) return error.shortMessage
  if (error instanceof Error) return (error as { shortMessage?: string }).shortMessage ?? error.message
  return String(error)
}
