/** RFC 6455 caps a close frame's reason at 123 bytes of UTF-8. */
const MAX_REASON_BYTES = 123
/** Where a too-long reason is cut: below the cap, on a byte budget. */
const CUT_AT_BYTES = 120

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * `text` as a WebSocket close reason: unchanged when it fits in 123 bytes,
 * otherwise cut to 120 bytes without leaving half a character at the end.
 */
export function closeReason(text: string): string {
  const bytes = encoder.encode(text)
  if (bytes.length <= MAX_REASON_BYTES) return text
  // Cut on a byte budget, then drop a possibly split trailing code point.
  return decoder.decode(bytes.subarray(0, CUT_AT_BYTES)).replace(/\uFFFD$/, '')
}
