// Every URL the explorer links to or redirects to is built here, so a route
// rename is one edit. Numbers and hashes arrive as the indexer's strings.

type Num = string | number | bigint

/** An EVM block page. */
export const block = (number: Num): string => `/block/${String(number)}`

/** A mini-block page. */
export const miniBlock = (number: Num): string => `/mini-block/${String(number)}`

/** A transaction page. */
export const tx = (hash: string): string => `/tx/${hash.toLowerCase()}`

/** An account (EOA or contract) page. */
export const address = (a: string): string => `/address/${a.toLowerCase()}`

/** A token (ERC-20 / ERC-721 contract) page. */
export const token = (a: string): string => `/token/${a.toLowerCase()}`

/** Where the header's search box submits (a GET form with the field `q`). */
export const SEARCH_PATH = '/search'

/** The search results page (redirects to the page when there is one hit). */
export const search = (q: string): string => `${SEARCH_PATH}?q=${encodeURIComponent(q.trim())}`

/** The home page. */
export const home = (): string => '/'

/** The page for one search hit, by the kind the indexer's `search` reports. */
export function searchResult(
  kind: 'TRANSACTION' | 'BLOCK' | 'MINI_BLOCK' | 'ACCOUNT' | 'TOKEN',
  key: string,
): string {
  switch (kind) {
    case 'TRANSACTION':
      return tx(key)
    case 'BLOCK':
      return block(key)
    case 'MINI_BLOCK':
      return miniBlock(key)
    case 'ACCOUNT':
      return address(key)
    case 'TOKEN':
      return token(key)
  }
}
