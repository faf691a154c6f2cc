import { RtevmError } from '@rtevm/protocol'

/** Stable codes of the playground's errors (what a test or a caller may match on). */
export type PlaygroundErrorCode =
  | 'PLAYGROUND_RPC_ERROR'
  | 'PLAYGROUND_SOCKET_CLOSED'
  | 'PLAYGROUND_QUEUE_FULL'
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

/** A JSON-RPC error answer from the edge, with its numeric code and `data` (revert bytes, tx hash). */
export class RpcAnswerError extends PlaygroundError {
  override name = 'RpcAnswerError'
  readonly rpcCode: number
  constructor(method: string, rpcCode: number, message: string, data: unknown) {
    super('PLAYGROUND_RPC_ERROR', `${method}: ${message}`, { data, details: `JSON-RPC error ${rpcCode}` })
    this.rpcCode = rpcCode
  }
}

/** The short human message of any error, for the UI. */
export function messageOf(error: unknown): string {
  if (error instanceof RtevmError) return error.shortMessage
  if (error instanceof Error) return (error as { shortMessage?: string }).shortMessage ?? error.message
  return String(error)
}
