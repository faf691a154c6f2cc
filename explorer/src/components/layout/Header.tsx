import Link from 'next/link'
import * as urls from '../../urls.ts'
import { ConnectionBanner } from './ConnectionBanner.tsx'

/** Site header: home link and the search box (a plain GET form: works before hydration too). */
export function Header() {
  return (
    <>
      <header className="site-header">
        <Link href={urls.home()} className="brand">
          rtevm <span>explorer</span>
        </Link>
        <search className="search">
          <form action={urls.SEARCH_PATH} method="get">
            <input
              name="q"
              type="search"
              placeholder="Tx hash, block, mini-block, address or token"
              aria-label="Search"
              autoComplete="off"
              spellCheck={false}
              required
            />
            <button type="submit">Search</button>
          </form>
        </search>
      </header>
      <ConnectionBanner />
    </>
  )
}
