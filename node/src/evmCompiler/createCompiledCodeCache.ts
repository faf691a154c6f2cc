import type { CompiledCode } from './compileCode.ts'

/**
 * Compiled code by fork and code hash, shared by every executor, replica and
 * `eth_call` simulator of one process that is handed the same cache. Code the
 * compiler declines is remembered as `null` so it is not tried again.
 */
export type CompiledCodeCache = {
  get(key: string): CompiledCode | null | undefined
  set(key: string, compiled: CompiledCode | null): void
  readonly size: number
}

/** Keeps at most `limit` entries, dropping the oldest first. */
export function createCompiledCodeCache(limit = 4096): CompiledCodeCache {
  const entries = new Map<string, CompiledCode | null>()
  return {
    get: (key) => entries.get(key),
    set(key, compiled) {
      entries.delete(key)
      entries.set(key, compiled)
      if (entries.size > limit) entries.delete(entries.keys().next().value as string)
    },
    get size() {
      return entries.size
    },
  }
}
