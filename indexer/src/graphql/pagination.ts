import type { SqlExecutor } from '../database/SqlDatabase.ts'
import { badInput, GraphqlApiError, GraphqlErrorCode } from './errors.ts'
import type { Connection } from './models.ts'
import { hexToBuffer, toHex } from './scalars.ts'

export type OrderDirection = 'ASC' | 'DESC'
export type PageArgs = {
  first?: number | null
  after?: string | null
  orderDirection?: OrderDirection | null
}

/** One column of a sort key: how SQL names and types it, and how to read it from a model. */
export type SortColumn<M> = {
  sql: string
  cast: 'bigint' | 'integer' | 'bytea' | 'numeric'
  of: (model: M) => unknown
}

export const DEFAULT_PAGE_SIZE = 20

/** `first`, defaulted and checked against the cap (a clear error rather than a silent clamp). */
export function pageSize(first: number | null | undefined, max: number): number {
  if (first === null || first === undefined) return Math.min(DEFAULT_PAGE_SIZE, max)
  if (!Number.isInteger(first) || first < 0)
    throw badInput(`first must be a non-negative integer, got ${first}`)
  if (first > max) {
    throw new GraphqlApiError(GraphqlErrorCode.PageTooLarge, `first must be at most ${max}, got ${first}`, {
      max,
    })
  }
  return first
}

/** Cursors are base64url JSON of the sort key's values: opaque to clients, stable across restarts. */
export function encodeCursor(values: unknown[]): string {
  const parts = values.map((v) => (typeof v === 'bigint' || typeof v === 'number' ? v.toString() : toHex(v)))
  return Buffer.from(JSON.stringify(parts)).toString('base64url')
}

export function decodeCursor<M>(cursor: string, sort: SortColumn<M>[]): unknown[] {
  let parts: unknown
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    parts = undefined
  }
  const bad = () =>
    new GraphqlApiError(GraphqlErrorCode.BadCursor, `after is not a cursor of this list: ${cursor}`)
  if (!Array.isArray(parts) || parts.length !== sort.length) throw bad()
  return sort.map((column, i) => {
    const part = parts[i]
    if (typeof part !== 'string') throw bad()
    if (column.cast === 'bytea') {
      if (!/^0x([0-9a-f]{2})*$/.test(part)) throw bad()
      return hexToBuffer(part)
    }
    if (!/^(0|-?[1-9][0-9]{0,77})$/.test(part)) throw bad()
    return part
  })
}

export type PageQuery<M> = {
  /** `select … from …` (with joins); no `where`. */
  select: string
  where?: string[]
  params?: unknown[]
  sort: SortColumn<M>[]
  args: PageArgs
  /** The direction when `orderDirection` is not given. */
  defaultDirection?: OrderDirection
  maxPageSize: number
  map: (row: Record<string, unknown>) => M
}

/** The parts of a page's statement: filters with the cursor's condition, order, and the row limit. */
function pageParts<M>(query: PageQuery<M>) {
  const first = pageSize(query.args.first, query.maxPageSize)
  const direction = query.args.orderDirection ?? query.defaultDirection ?? 'DESC'
  const params = [...(query.params ?? [])]
  const where = [...(query.where ?? [])]
  if (query.args.after !== null && query.args.after !== undefined) {
    const values = decodeCursor(query.args.after, query.sort)
    const placeholders = values.map((value, i) => param(params, value, query.sort[i].cast))
    const columns = query.sort.map((c) => c.sql).join(', ')
    where.push(`(${columns}) ${direction === 'ASC' ? '>' : '<'} (${placeholders.join(', ')})`)
  }
  const order = query.sort.map((c) => `${c.sql} ${direction}`).join(', ')
  return { first, direction, params, where, order }
}

function toConnection<M>(rows: Record<string, unknown>[], first: number, query: PageQuery<M>): Connection<M> {
  const items = rows.slice(0, first).map(query.map)
  const last = items[items.length - 1]
  return {
    items,
    pageInfo: {
      endCursor: last === undefined ? null : encodeCursor(query.sort.map((c) => c.of(last))),
      hasNextPage: rows.length > first,
    },
  }
}

const EMPTY_PAGE = { items: [], pageInfo: { endCursor: null, hasNextPage: false } }

/**
 * Keyset pagination: `where (sort key) < cursor order by sort key desc limit
 * first + 1` (or `>`/asc). The extra row says whether there is a next page;
 * rows inserted meanwhile never shift a page (no gap, no duplicate).
 */
export async function paginate<M>(sql: SqlExecutor, query: PageQuery<M>): Promise<Connection<M>> {
  const { first, params, where, order } = pageParts(query)
  if (first === 0) return EMPTY_PAGE
  const filter = where.length > 0 ? ` where ${where.join(' and ')}` : ''
  const limit = param(params, first + 1)
  const { rows } = await sql.query<Record<string, unknown>>(
    `${query.select}${filter} order by ${order} limit ${limit}`,
    params,
  )
  return toConnection(rows, first, query)
}

/**
 * The same page of one list for many parents (each block's transactions) in
 * one statement: a lateral join runs the keyset query once per parent, each
 * with its own limit, so a page of blocks with their transactions costs one
 * query, not one per block. `parents` are decimal (bigint) or 0x-hex (bytea)
 * strings; the result is keyed the same way.
 */
export async function paginateEach<M>(
  sql: SqlExecutor,
  query: PageQuery<M>,
  parent: { sql: string; cast: 'bigint' | 'bytea' },
  parents: string[],
): Promise<Map<string, Connection<M>>> {
  const { first, direction, params, where, order } = pageParts(query)
  const pages = new Map<string, Connection<M>>()
  if (first === 0) {
    for (const key of parents) pages.set(key, EMPTY_PAGE)
    return pages
  }
  const values = parents
    .map(
      (key, i) => `(${i}, ${param(params, parent.cast === 'bytea' ? hexToBuffer(key) : key, parent.cast)})`,
    )
    .join(', ')
  const sortColumns = query.sort.map((c, i) => `${c.sql} as page_sort${i}`).join(', ')
  const select = query.select.replace(/^select /, `select ${sortColumns}, `)
  const filter = [`${parent.sql} = p.parent`, ...where].join(' and ')
  const limit = param(params, first + 1)
  const outerOrder = query.sort.map((_, i) => `page.page_sort${i} ${direction}`).join(', ')
  const text = `select p.ord as page_ord, page.* from (values ${values}) as p(ord, parent)
    cross join lateral (${select} where ${filter} order by ${order} limit ${limit}) page
    order by p.ord, ${outerOrder}`
  const { rows } = await sql.query<Record<string, unknown>>(text, params)
  const byParent = parents.map((): Record<string, unknown>[] => [])
  for (const row of rows) byParent[Number(row.page_ord)].push(row)
  for (const [i, key] of parents.entries()) pages.set(key, toConnection(byParent[i], first, query))
  return pages
}

/** Appends `value` to `params` and returns its placeholder, for building `where` lists. */
export function param(params: unknown[], value: unknown, cast?: string): string {
  params.push(value)
  return cast ? `$${params.length}::${cast}` : `$${params.length}`
}
