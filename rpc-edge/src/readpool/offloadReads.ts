import type { BlockContext, BlockSource, EventFeed } from '@rtevm/protocol'
import { EncodedResult, type Method, type MethodTable, type Param, parseParams } from '../jsonrpc/index.ts'
import { type LogFilter, logFilterRange } from '../methods/index.ts'
import type { ReadPool } from './createReadPool.ts'
import { LARGE_LOG_RANGE, OFFLOADED_METHODS } from './offloadedMethods.ts'

export type OffloadDeps = {
  /** The edge's own methods: each offloaded one keeps its params (validated here) and answers in-thread when no worker can. */
  methods: MethodTable
  pool: ReadPool
  blocks: BlockSource & Pick<EventFeed, 'lastSeq'>
  /** The edge's open-block context, sent with each read for `latest`/`pending`. */
  blockContext(): BlockContext
}

/**
 * The offloaded methods (`OFFLOADED_METHODS`) as the edge serves them with the pool on:
 * params are checked here, on the edge's thread, so bad input is refused before any
 * thread hop; the read runs on a worker, tagged with the stream seq the edge had applied
 * (read-your-writes); its JSON text is spliced into the response. eth_getLogs over a
 * small range stays in-thread, and so does every read of a batch holding the edge's
 * snapshot (a worker cannot pin to an exact seq).
 */
export function offloadReads({ methods, pool, blocks, blockContext }: OffloadDeps): MethodTable {
  const table: MethodTable = {}
  for (const name of OFFLOADED_METHODS) {
    const local = methods[name]
    if (!local) continue
    const runLocal: Method['handler'] = (raw, ctx) => local.handler(parseParams(local.params, raw), ctx)
    table[name] = {
      params: local.params.map(checkOnly),
      handler(raw, ctx) {
        // A worker answers at the seq it has reached, which may be past the edge's: a batch
        // holding the edge's snapshot must not see a newer one, so its reads stay in-thread.
        if (ctx.heldSnapshot) return runLocal(raw, ctx)
        if (name === 'eth_getLogs') {
          const parsed = parseParams(local.params, raw)
          if (!isLargeLogQuery(blocks, parsed[0] as LogFilter)) return local.handler(parsed, ctx)
        }
        return pool
          .run(name, raw, blocks.lastSeq(), blockContext())
          .then((json) => (json === undefined ? runLocal(raw, ctx) : new EncodedResult(json)))
      },
    }
  }
  return table
}

/** `param`'s validation, keeping the raw JSON value (what travels to the worker). */
function checkOnly(param: Param<unknown>): Param<unknown> {
  return {
    name: param.name,
    optional: param.optional,
    parse(value) {
      param.parse(value)
      return value
    },
  }
}

function isLargeLogQuery(blocks: BlockSource, filter: LogFilter): boolean {
  const { from, to } = logFilterRange(blocks, filter)
  return to - from + 1n > LARGE_LOG_RANGE
}
