import type { HttpResponse } from 'uWebSockets.js'

/** Outcome of reading a request body. */
export type BodyResult = { ok: true; text: string } | { ok: false }

/**
 * Streams a request body into a string, giving up as soon as it passes
 * `maxBytes` so an oversized body is never buffered whole. uWS hands out
 * chunks that are neutered when the callback returns, so each is copied (or
 * decoded) before returning. The caller must have called `res.onAborted`.
 */
export function readBody(res: HttpResponse, maxBytes: number, done: (result: BodyResult) => void): void {
  const chunks: Buffer[] = []
  let size = 0
  let finished = false
  res.onData((chunk, isLast) => {
    if (finished) return
    size += chunk.byteLength
    if (size > maxBytes) {
      finished = true
      done({ ok: false })
      return
    }
    if (isLast) {
      finished = true
      // The common case, a body in one chunk, decodes straight from uWS's buffer without a copy.
      const text =
        chunks.length === 0
          ? Buffer.from(chunk).toString('utf8')
          : Buffer.concat([...chunks, Buffer.from(chunk)]).toString('utf8')
      done({ ok: true, text })
      return
    }
    chunks.push(Buffer.from(new Uint8Array(chunk).slice()))
  })
}
