import { type AbiEvent, bytesToHex, decodeEventLog, type Hex, isAddress, toEventSelector } from 'viem'
import type { SqlDatabase, SqlExecutor } from '../database/SqlDatabase.ts'
import type { IndexedLog } from '../follower/CommittedBatch.ts'
import type { IndexerModule, UntypedModuleHandler } from './defineIndexerModule.ts'
import { IndexerModuleConfigError, IndexerModuleError } from './errors.ts'

/** One handler bound to one ABI event (an overloaded name binds each overload). */
type Route = {
  module: string
  key: string
  event: AbiEvent
  /** Lowercase hex addresses; undefined = any emitter. */
  addresses: Set<string> | undefined
  handler: UntypedModuleHandler
}

/** Runs the modules' handlers over a batch's logs (see `createModuleDispatcher`). */
export type ModuleDispatcher = {
  /** Runs every module's `schema` DDL (idempotent, at start). */
  createSchemas(db: SqlDatabase): Promise<void>
  /** Calls the matching handlers for `logs`, in order, inside the batch's transaction `tx`. */
  dispatch(tx: SqlExecutor, logs: readonly IndexedLog[]): Promise<void>
}

/**
 * Checks `modules` and indexes their handlers by event selector, so a batch
 * costs one map lookup per log. A log goes to a handler when its topic0 is the
 * event's selector, its emitter is one of the contract's addresses (any
 * emitter when none is given), and it decodes with the ABI event — a log with
 * the same selector but another layout (an ERC-721 `Transfer` for an ERC-20
 * ABI) is skipped. Handlers of one log run in module order; a throw becomes an
 * `IndexerModuleError` naming the module and handler, which fails the batch.
 */
export function createModuleDispatcher(modules: readonly IndexerModule[]): ModuleDispatcher {
  const routes = new Map<string, Route[]>()
  const names = new Set<string>()
  for (const module of modules) {
    if (!module.name) throw new IndexerModuleConfigError('(unnamed)', 'a module needs a name')
    if (names.has(module.name)) throw new IndexerModuleConfigError(module.name, 'duplicate module name')
    names.add(module.name)
    for (const [key, handler] of Object.entries(module.handlers)) {
      if (!handler) continue
      for (const route of bind(module, key, handler)) {
        const selector = toEventSelector(route.event)
        const list = routes.get(selector)
        if (list) list.push(route)
        else routes.set(selector, [route])
      }
    }
  }

  return {
    async createSchemas(db) {
      for (const module of modules) {
        if (!module.schema.trim()) continue
        try {
          await db.exec(module.schema)
        } catch (error) {
          throw new IndexerModuleConfigError(module.name, 'its schema failed', { cause: error })
        }
      }
    },
    async dispatch(tx, logs) {
      if (routes.size === 0) return
      for (const log of logs) {
        if (log.topics.length === 0) continue
        const matching = routes.get(bytesToHex(log.topics[0]))
        if (!matching) continue
        const address = bytesToHex(log.address)
        for (const route of matching) {
          if (route.addresses && !route.addresses.has(address)) continue
          const event = decode(route.event, log)
          if (!event) continue
          try {
            await route.handler({ event, log, sql: tx })
          } catch (error) {
            throw new IndexerModuleError(route.module, route.key, log, { cause: error })
          }
        }
      }
    },
  }
}

function bind(module: IndexerModule, key: string, handler: UntypedModuleHandler): Route[] {
  const separator = key.indexOf(':')
  const contractName = separator < 0 ? key : key.slice(0, separator)
  const eventName = key.slice(separator + 1)
  const contract = separator < 0 ? undefined : module.contracts[contractName]
  if (!contract)
    throw new IndexerModuleConfigError(module.name, `handler ${key} names no contract of the module`)
  const events = contract.abi.filter(
    (item): item is AbiEvent => item.type === 'event' && item.name === eventName,
  )
  if (events.length === 0) {
    throw new IndexerModuleConfigError(module.name, `contract ${contractName} has no event ${eventName}`)
  }
  const given = contract.address === undefined ? undefined : ([] as string[]).concat(contract.address)
  for (const address of given ?? []) {
    if (!isAddress(address, { strict: false })) {
      throw new IndexerModuleConfigError(module.name, `contract ${contractName} has a bad address ${address}`)
    }
  }
  const addresses = given && new Set(given.map((a) => a.toLowerCase()))
  return events.map((event) => ({ module: module.name, key, event, addresses, handler }))
}

function decode(event: AbiEvent, log: IndexedLog): { name: string; args: unknown } | undefined {
  try {
    const decoded = decodeEventLog({
      abi: [event],
      topics: log.topics.map((topic) => bytesToHex(topic)) as [Hex, ...Hex[]],
      data: bytesToHex(log.data),
      strict: true,
    })
    return { name: decoded.eventName, args: decoded.args }
  } catch {
    return undefined
  }
}
