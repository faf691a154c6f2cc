import Link from 'next/link'
import * as urls from '../urls.ts'

/** Unknown hashes, numbers past the head, malformed addresses. */
export default function NotFound() {
  return (
    <article className="page" data-testid="not-found">
      <h1>Not found</h1>
      <p>
        The indexer has no such transaction, block, mini-block or token. A transaction just sent appears
        within milliseconds of its mini-block; a block number past the head is not sealed yet; a chain rewind
        (a devnet revert, rollback or reorg) abandons every block, mini-block and transaction above the block
        it returns to.
      </p>
      <p>
        <Link href={urls.home()}>Back to the live view</Link>
      </p>
    </article>
  )
}
