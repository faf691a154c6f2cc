import { readRuntimeConfig } from '../config/runtimeConfig.ts'
import { queryIndexer } from './queryIndexer.ts'
import type { TypedDocumentString } from './types.ts'

export type Loaded<T> = { ok: true; data: T } | { ok: false; error: unknown }

/**
 * A server page's query at request time. Failures come back as a value, so the
 * page renders <Unavailable> (and can still call notFound() or redirect(),
 * which must not run inside a try).
 */
export async function loadFromIndexer<T, V>(
  document: TypedDocumentString<T, V>,
  variables: V,
): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await queryIndexer(readRuntimeConfig().indexerUrl, document, variables) }
  } catch (error) {
    return { ok: false, error }
  }
}
