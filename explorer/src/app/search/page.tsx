import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { Unavailable } from '../../components/common/Unavailable.tsx'
import { loadFromIndexer } from '../../graphql/loadFromIndexer.ts'
import { SEARCH_QUERY } from '../../graphql/queries.ts'
import type { SearchKind } from '../../graphql/types.ts'
import * as urls from '../../urls.ts'

export const metadata: Metadata = { title: 'Search' }

const KIND_LABELS: Record<SearchKind, string> = {
  TRANSACTION: 'Transaction',
  BLOCK: 'Block',
  MINI_BLOCK: 'Mini-block',
  ACCOUNT: 'Address',
  TOKEN: 'Token',
}

type Props = { searchParams: Promise<{ q?: string | string[] }> }

/** Header search: one hit redirects to its page; several are listed; none says so. */
export default async function SearchPage({ searchParams }: Props) {
  const q = (await searchParams).q
  const query = (Array.isArray(q) ? q[0] : (q ?? '')).trim()
  if (query === '') {
    return (
      <article className="page">
        <h1>Search</h1>
        <p className="empty">
          Type a transaction hash, block or mini-block number, address or token in the box above.
        </p>
      </article>
    )
  }
  const loaded = await loadFromIndexer(SEARCH_QUERY, { query })
  if (!loaded.ok) return <Unavailable error={loaded.error} what="search results" />
  const results = loaded.data.search
  // One thing found (a token is also an account: its page links there) → go to it; a number that is
  // both a block and a mini-block is ambiguous → list both.
  const single = results.length === 1 || results.every((r) => r.key === results[0].key && r.kind !== 'BLOCK')
  if (results.length > 0 && single) redirect(urls.searchResult(results[0].kind, results[0].key))
  return (
    <article className="page" data-testid="search-page">
      <h1>Search</h1>
      {results.length === 0 ? (
        <section className="notice" data-testid="search-nothing">
          <h2>Nothing found</h2>
          <p>
            No transaction, block, mini-block, address or token matches <code className="break">{query}</code>
            . Search takes a 32-byte hash (0x + 64 hex digits), a 20-byte address (0x + 40 hex digits) or a
            block or mini-block number.
          </p>
        </section>
      ) : (
        <ul className="search-results" data-testid="search-results">
          {results.map((r) => (
            <li key={`${r.kind}:${r.key}`}>
              <span className="badge">{KIND_LABELS[r.kind]}</span>{' '}
              <Link href={urls.searchResult(r.kind, r.key)} className="mono break">
                {r.key}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </article>
  )
}
