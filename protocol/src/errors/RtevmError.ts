/** Parameters shared by every rtevm error. */
export type RtevmErrorOptions = {
  /** Extra context for logs and for JSON-RPC `data`; never needed to understand the message. */
  details?: string
  /** The error that caused this one, kept for `walk()`. */
  cause?: unknown
  /** True when the same request may succeed later (queue full, not ready, timeout). */
  retryable?: boolean
  /** Structured data a client can act on (a tx hash, a revert payload). */
  data?: unknown
}

/**
 * Base class of every error that crosses a package boundary. `code` is stable
 * and machine-readable; the JSON-RPC edge maps it to a numeric code in one table.
 */
export class RtevmError extends Error {
  override name = 'RtevmError'
  readonly code: string
  readonly details?: string
  readonly retryable: boolean
  readonly data?: unknown

  constructor(code: string, shortMessage: string, options: RtevmErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    })
    this.code = code
    this.details = options.details
    this.retryable = options.retryable ?? false
    this.data = options.data
    this.shortMessage = shortMessage
  }

  readonly shortMessage: string

  /** Walks the cause chain; returns the first error `match` accepts, or the deepest one. */
  walk(match?: (error: unknown) => boolean): unknown {
    let current: unknown = this
    for (let depth = 0; depth < 32; depth++) {
      if (match?.(current)) return current
      const next = (current as { cause?: unknown })?.cause
      if (next === undefined || next === null) return match ? undefined : current
      current = next
    }
    return match ? undefined : current
  }
}
