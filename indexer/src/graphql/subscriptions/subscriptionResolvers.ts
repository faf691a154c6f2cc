import { type LogMatch, matchesLog } from '@rtevm/protocol/logs'
import type { ApiContext } from '../ApiContext.ts'
import { badInput } from '../errors.ts'
import type { Bytes, LogModel, TokenTransferModel, TransactionModel } from '../models.ts'
import { readStats, type Stats } from '../resolvers/readStats.ts'
import { hexToBuffer, toHex } from '../scalars.ts'
import type { BatchView } from './createBatchView.ts'
import { isFailure } from './createEventQueue.ts'

type Opt<T> = T | null | undefined

/** Turns a queued failure into the subscription's last (error) result. */
const resolve = (payload: unknown) => {
  if (isFailure(payload)) throw payload.failure
  return payload
}

/** A subscription that pushes `select(view)`'s items for every committed batch. */
function fromBatches<T>(select: (view: BatchView) => readonly T[]) {
  return {
    subscribe: (_: unknown, __: unknown, ctx: ApiContext) =>
      ctx.hub.open<T>(ctx.connection, (push) => ({
        onBatch: (view) => {
          for (const item of select(view)) push(item)
        },
      })),
    resolve,
  }
}

const matches = (value: unknown, wanted: Opt<string>) =>
  !wanted || (value !== null && toHex(value) === wanted)

function transactionFilter(args: { address?: Opt<string>; from?: Opt<string>; to?: Opt<string> }) {
  return (tx: TransactionModel) =>
    matches(tx.from, args.from) &&
    matches(tx.to, args.to) &&
    (!args.address || [tx.from, tx.to, tx.contractAddress].some((a) => matches(a, args.address)))
}

const bytesOf = (value: Bytes): Uint8Array => (value instanceof Uint8Array ? value : hexToBuffer(value))
const NO_DATA = new Uint8Array()

function logFilter(args: { address?: Opt<string[]>; topics?: Opt<Array<Opt<string[]>>> }) {
  if (args.topics && args.topics.length > 4)
    throw badInput(`topics has at most 4 positions, got ${args.topics.length}`)
  const match: LogMatch = {
    addresses: args.address?.map(hexToBuffer),
    topics: args.topics?.map((alternatives) => alternatives?.map(hexToBuffer) ?? null),
  }
  return (log: LogModel) =>
    matchesLog({ address: bytesOf(log.address), topics: log.topics.map(bytesOf), data: NO_DATA }, match)
}

function transferFilter(args: { token?: Opt<string>; address?: Opt<string> }) {
  return (transfer: TokenTransferModel) =>
    matches(transfer.tokenAddress, args.token) &&
    (!args.address || matches(transfer.from, args.address) || matches(transfer.to, args.address))
}

export const subscriptionResolvers = {
  Subscription: {
    miniBlocks: fromBatches((view) => view.miniBlocks()),
    blocks: fromBatches((view) => view.blocks()),
    transactions: {
      subscribe: (_: unknown, args: Parameters<typeof transactionFilter>[0], ctx: ApiContext) =>
        fromBatches((view) => view.transactions().filter(transactionFilter(args))).subscribe(_, args, ctx),
      resolve,
    },
    logs: {
      subscribe: (_: unknown, args: Parameters<typeof logFilter>[0], ctx: ApiContext) => {
        const keep = logFilter(args)
        return fromBatches((view) => view.logs().filter(keep)).subscribe(_, args, ctx)
      },
      resolve,
    },
    tokenTransfers: {
      subscribe: (_: unknown, args: Parameters<typeof transferFilter>[0], ctx: ApiContext) =>
        fromBatches((view) => view.tokenTransfers().filter(transferFilter(args))).subscribe(_, args, ctx),
      resolve,
    },
    rewinds: fromBatches((view) => view.rewinds()),
    stats: {
      async subscribe(
        _: unknown,
        args: { windowSeconds: number; bucketSeconds: number; intervalMs: number },
        ctx: ApiContext,
      ) {
        if (!Number.isInteger(args.intervalMs) || args.intervalMs < 100) {
          throw badInput(`intervalMs must be an integer of at least 100, got ${args.intervalMs}`)
        }
        // Checks the arguments now (an error here fails the subscribe) and gives the first value at once.
        const first = await readStats(ctx.sql, args.windowSeconds, args.bucketSeconds, Date.now())
        return ctx.hub.open<Stats>(ctx.connection, (push) => {
          push(first)
          let reading = false
          const timer = setInterval(() => {
            // A read still running when the next is due is not doubled up.
            if (reading) return
            reading = true
            readStats(ctx.sql, args.windowSeconds, args.bucketSeconds, Date.now())
              .then(push, () => {})
              .finally(() => {
                reading = false
              })
          }, args.intervalMs)
          return { stop: () => clearInterval(timer) }
        })
      },
      resolve,
    },
    meta: {
      subscribe(_: unknown, args: { intervalMs: number }, ctx: ApiContext) {
        if (!Number.isInteger(args.intervalMs) || args.intervalMs < 10) {
          throw badInput(`intervalMs must be an integer of at least 10, got ${args.intervalMs}`)
        }
        return ctx.hub.open(ctx.connection, (push) => {
          // At most one Meta per interval; a batch inside the interval is sent (as the newest head) at its end.
          let lastSent = 0
          let trailing: NodeJS.Timeout | undefined
          const send = () => {
            trailing = undefined
            lastSent = Date.now()
            push({ ...ctx.hub.head() })
          }
          return {
            onBatch() {
              if (trailing) return
              const wait = lastSent + args.intervalMs - Date.now()
              if (wait <= 0) send()
              else trailing = setTimeout(send, wait)
            },
            stop: () => clearTimeout(trailing),
          }
        })
      },
      resolve,
    },
  },
}
