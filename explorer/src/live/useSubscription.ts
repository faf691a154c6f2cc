'use client'

import { useEffect, useRef, useState } from 'react'
import type { TypedDocumentString } from '../graphql/types.ts'
import { useExplorer } from './ExplorerProvider.tsx'

/**
 * Runs a GraphQL subscription while the component is mounted and hands each
 * `data` to `onData` (kept in a ref, so a new closure does not resubscribe).
 * Returns the last error message, if the indexer rejected the subscription.
 */
export function useSubscription<T, V>(
  document: TypedDocumentString<T, V>,
  variables: V | undefined,
  onData: (data: T) => void,
): string | null {
  const { graphql } = useExplorer()
  const handler = useRef(onData)
  handler.current = onData
  const [error, setError] = useState<string | null>(null)
  // Read on every notification (up to one per millisecond): clear the error state only when one is set.
  const failed = useRef(false)
  const query = document.toString()
  const key = JSON.stringify(variables ?? {})
  useEffect(() => {
    if (!graphql) return
    const parsed = JSON.parse(key) as Record<string, unknown>
    return graphql.subscribe<T>(
      { query, variables: parsed },
      {
        next: (result) => {
          if (result.errors?.length) {
            failed.current = true
            setError(result.errors.map((e) => e.message).join('; '))
          } else if (result.data) {
            if (failed.current) {
              failed.current = false
              setError(null)
            }
            handler.current(result.data as T)
          }
        },
        error: (cause) => {
          failed.current = true
          setError(cause instanceof Error ? cause.message : 'subscription failed')
        },
        complete: () => {},
      },
    )
  }, [graphql, query, key])
  return error
}
