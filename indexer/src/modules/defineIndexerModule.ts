import type { Abi, Address, ContractEventArgsFromTopics, ContractEventName } from 'viem'
import type { SqlExecutor } from '../database/SqlDatabase.ts'
import type { IndexedLog } from '../follower/CommittedBatch.ts'
import type { IndexerModuleBase } from './IndexerModule.ts'

/** A contract a module follows: its ABI and, optionally, the addresses whose logs count. */
export type ModuleContract<abi extends Abi = Abi> = {
  abi: abi
  /** Without it, logs of any emitter count when their topic0 is one of the ABI's events. */
  address?: Address | readonly Address[]
}

export type ModuleContracts = Record<string, ModuleContract>

/** `'<contract>:<event>'` for every event of every contract (`'OrderBook:Fill'`). */
export type ModuleEventKey<contracts extends ModuleContracts> = {
  [name in keyof contracts & string]: `${name}:${ContractEventName<contracts[name]['abi']>}`
}[keyof contracts & string]

/** A decoded log, its arguments typed from the ABI. */
export type ModuleEvent<abi extends Abi, eventName extends ContractEventName<abi>> = {
  name: eventName
  args: ContractEventArgsFromTopics<abi, eventName, true>
}

/** What a handler gets: the decoded event, the raw log with its position, and the batch's transaction. */
export type ModuleHandlerContext<abi extends Abi, eventName extends ContractEventName<abi>> = {
  event: ModuleEvent<abi, eventName>
  log: IndexedLog
  /** The batch's database transaction: writes commit with the cursor, or roll back with it. */
  sql: SqlExecutor
}

type HandlerFor<
  contracts extends ModuleContracts,
  key extends string,
> = key extends `${infer name}:${infer event}`
  ? name extends keyof contracts
    ? event extends ContractEventName<contracts[name]['abi']>
      ? (context: ModuleHandlerContext<contracts[name]['abi'], event>) => Promise<void> | void
      : never
    : never
  : never

export type ModuleHandlers<contracts extends ModuleContracts> = {
  [key in ModuleEventKey<contracts>]?: HandlerFor<contracts, key>
}

/** What `defineIndexerModule` takes: the module's tables, contracts, handlers and GraphQL. */
export type IndexerModuleDefinition<contracts extends ModuleContracts> = IndexerModuleBase & {
  contracts: contracts
  handlers: ModuleHandlers<contracts>
}

/** A handler with its types erased, as the indexer calls it. */
export type UntypedModuleHandler = (context: {
  event: { name: string; args: unknown }
  log: IndexedLog
  sql: SqlExecutor
}) => Promise<void> | void

/** A module as `createIndexer({ modules })` takes it (see `defineIndexerModule`). */
export type IndexerModule = IndexerModuleBase & {
  contracts: ModuleContracts
  handlers: Record<string, UntypedModuleHandler | undefined>
}

/**
 * Declares a custom indexing module, Ponder-style: `contracts` names ABIs (and
 * optionally addresses), `handlers` maps `'<contract>:<event>'` to a function
 * whose `event.args` is typed from that ABI — a key naming an unknown contract
 * or event, or a wrong argument name, is a type error (the ABI must be typed:
 * `parseAbi([...])` or a JSON ABI `as const`). Handlers run inside each batch's
 * database transaction in stream order; `schema` runs at start. Checked at
 * runtime again by `createIndexer` (`IndexerModuleConfigError`).
 */
export function defineIndexerModule<const contracts extends ModuleContracts>(
  definition: IndexerModuleDefinition<contracts>,
): IndexerModule {
  return definition as unknown as IndexerModule
}
