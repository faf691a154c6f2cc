import Link from 'next/link'
import { shortHash } from '../../format/formatters.ts'

/** A shortened hash or address linking to its page; the full value is in the tooltip. */
export function HashLink({ href, value, full = false }: { href: string; value: string; full?: boolean }) {
  return (
    <Link href={href} title={value} className="mono" prefetch={false}>
      {full ? value : shortHash(value)}
    </Link>
  )
}
