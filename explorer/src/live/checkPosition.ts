import type { Client } from 'graphql-ws'
import {
  BLOCK_POSITION_QUERY,
  MINI_BLOCK_POSITION_QUERY,
  TRANSACTION_POSITION_QUERY,
} from '../graphql/queries.ts'
import type { TypedDocumentString } from '../graphql/types.ts'
import type { PagePosition } from './pagePosition.ts'

/**
 * Asks the indexer, over the page's graphql-ws socket, whether `position` still holds what the page
 * shows, and calls `onChecked(false)` when a rewind deleted it or put something else under its number.
 * Meant to be sent once the connection is acknowledged: graphql-ws has then already sent the page's
 * `rewinds` subscribe on the same socket, and the indexer registers a subscription as it handles its
 * message, before it reads for a later one. So a rewind is either committed before this read or
 * pushed to that subscription: none falls between the two. Returns the cancel.
 */
export function checkPosition(
  graphql: Client,
  position: PagePosition,
  onChecked: (present: boolean) => void,
): () => void {
  switch (position.kind) {
    case 'transaction':
      return queryOnce(graphql, TRANSACTION_POSITION_QUERY, { hash: position.hash }, ({ transaction }) =>
        onChecked(
          transaction?.miniBlockNumber === position.miniBlock &&
            transaction.timestampUs === position.timestampUs,
        ),
      )
    case 'mini-block':
      return queryOnce(graphql, MINI_BLOCK_POSITION_QUERY, { number: position.number }, ({ miniBlock }) =>
        onChecked(miniBlock?.timestampUs === position.timestampUs),
      )
    case 'block':
      return queryOnce(graphql, BLOCK_POSITION_QUERY, { number: position.number }, ({ block }) =>
        onChecked(block?.hash === position.hash),
      )
  }
}

/**
 * One query over the graphql-ws socket (the server answers once and completes). A failed query calls
 * nothing: the page cannot tell, so it stays as it is until the next connection checks again.
 */
function queryOnce<T, V extends Record<string, unknown>>(
  graphql: Client,
  document: TypedDocumentString<T, V>,
  variables: V,
  onData: (data: T) => void,
): () => void {
  return graphql.subscribe<T>(
    { query: document.toString(), variables },
    {
      next: (result) => {
        if (result.data && !result.errors?.length) onData(result.data)
      },
      error: () => {},
      complete: () => {},
    },
  )
}
