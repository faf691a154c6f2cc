import { IndexerQueryError, IndexerUnreachableError } from '../errors.ts'
import type { TypedDocumentString } from './types.ts'

const QUERY_TIMEOUT_MS = 5_000

/**
 * One GraphQL query over HTTP POST; the result is typed by the document (generated from the schema). Used by server components at request
 * time (never cached: the chain moves every millisecond). Throws
 * IndexerUnreachableError when nothing answers and IndexerQueryError on GraphQL errors.
 */
export async function queryIndexer<T, V>(
  url: string,
  document: TypedDocumentString<T, V>,
  variables: V,
): Promise<T> {
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: document.toString(), variables }),
      cache: 'no-store',
      signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
    })
  } catch (error) {
    throw new IndexerUnreachableError(url, error)
  }
  let body: { data?: T | null; errors?: Array<{ message: string }> }
  try {
    body = (await response.json()) as typeof body
  } catch (error) {
    throw new IndexerUnreachableError(url, error)
  }
  if (body.errors && body.errors.length > 0) {
    const messages = body.errors.map((e) => e.message)
    throw new IndexerQueryError(`the indexer rejected the query: ${messages.join('; ')}`, messages)
  }
  if (!body.data) throw new IndexerUnreachableError(url, new Error(`HTTP ${response.status} without data`))
  return body.data
}
