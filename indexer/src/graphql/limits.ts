import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLSchema,
  GraphQLType,
  SelectionSetNode,
} from 'graphql'
import { GraphqlApiError, GraphqlErrorCode } from './errors.ts'
import { graphqlRuntime } from './graphqlRuntime.ts'
import { DEFAULT_PAGE_SIZE } from './pagination.ts'

const { getNamedType, isListType, isNonNullType, Kind, valueFromASTUntyped } = graphqlRuntime

/** Every limit of the API, with defaults in `DEFAULT_API_LIMITS`. */
export type ApiLimits = {
  /** Deepest field nesting (introspection fields not counted). */
  maxDepth: number
  /** Most cost units per operation (see `measureOperation`). */
  maxCost: number
  /** Largest `first`. */
  maxPageSize: number
  /** A query or mutation still running after this gets a QUERY_TIMEOUT error. */
  timeoutMs: number
  /** Largest HTTP request body. */
  maxBodyBytes: number
  /** Active subscriptions per WebSocket connection. */
  maxSubscriptionsPerConnection: number
  /** Active subscriptions in all. */
  maxSubscriptions: number
  /** Events queued for one subscriber before it is closed with SUBSCRIBER_TOO_SLOW. */
  subscriberQueueLimit: number
  /**
   * Bytes a WebSocket may hold unsent before its subscriptions stop taking
   * events from their queues (which then fill up to `subscriberQueueLimit`).
   */
  maxSocketBufferBytes: number
}

export const DEFAULT_API_LIMITS: ApiLimits = {
  maxDepth: 10,
  maxCost: 50_000,
  maxPageSize: 100,
  timeoutMs: 10_000,
  maxBodyBytes: 100_000,
  maxSubscriptionsPerConnection: 100,
  maxSubscriptions: 10_000,
  subscriberQueueLimit: 10_000,
  maxSocketBufferBytes: 1_048_576,
}

/** Plain (non-connection) lists such as `Transaction.logs` count as this many items. */
const ASSUMED_LIST_SIZE = 10

/**
 * Depth and cost of an operation, with variables known (so `first: $n`
 * counts). Each field costs 1; the selections under a list field count once
 * per item: `first` (default 20) for connections, `ASSUMED_LIST_SIZE` for
 * plain lists. So `blocks(first: 100) { items { transactions(first: 100) { … } } }`
 * costs about 10 000 × the transaction's fields.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): { depth: number; cost: number } {
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d)
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0]
  if (!operation) return { depth: 0, cost: 0 }
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType()

  function firstOf(field: FieldNode): number | undefined {
    const arg = field.arguments?.find((a) => a.name.value === 'first')
    if (!arg) return undefined
    const value = valueFromASTUntyped(arg.value, variables ?? undefined)
    return typeof value === 'number' && value >= 0 ? value : undefined
  }

  function walk(
    selections: SelectionSetNode,
    parent: GraphQLType | null | undefined,
    depth: number,
    seen: Set<string>,
  ) {
    let cost = 0
    let deepest = depth
    const parentType = parent ? getNamedType(parent) : undefined
    const fields = parentType && 'getFields' in parentType ? parentType.getFields() : {}
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue
        const type = fields[selection.name.value]?.type
        let measured = { cost: 0, depth: depth + 1 }
        if (selection.selectionSet) measured = walk(selection.selectionSet, type, depth + 1, seen)
        const definition = fields[selection.name.value]
        const hasFirst = definition && 'args' in definition && definition.args.some((a) => a.name === 'first')
        // A connection's `items` were already counted by its field's `first`.
        const inConnection = parentType?.name.endsWith('Connection') === true
        const listSize = isList(type) && !inConnection ? ASSUMED_LIST_SIZE : 1
        const multiplier = hasFirst ? (firstOf(selection) ?? DEFAULT_PAGE_SIZE) : listSize
        cost += 1 + multiplier * measured.cost
        deepest = Math.max(deepest, measured.depth)
      } else {
        const inner =
          selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value)
        const name = selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : undefined
        if (!inner || (name && seen.has(name))) continue
        const typeName = inner.typeCondition?.name.value
        const measured = walk(
          inner.selectionSet,
          typeName ? schema.getType(typeName) : parent,
          depth,
          name ? new Set([...seen, name]) : seen,
        )
        cost += measured.cost
        deepest = Math.max(deepest, measured.depth)
      }
    }
    return { cost, depth: deepest }
  }
  return walk(operation.selectionSet, root, 0, new Set())
}

function isList(type: GraphQLType | undefined): boolean {
  if (!type) return false
  return isListType(isNonNullType(type) ? type.ofType : type)
}

/** The error for an operation over the depth or cost limit, if it is. */
export function checkOperationLimits(
  limits: ApiLimits,
  measured: { depth: number; cost: number },
): GraphqlApiError | undefined {
  if (measured.depth > limits.maxDepth) {
    return new GraphqlApiError(
      GraphqlErrorCode.TooDeep,
      `query depth ${measured.depth} exceeds the limit of ${limits.maxDepth}`,
      { depth: measured.depth, maxDepth: limits.maxDepth },
    )
  }
  if (measured.cost > limits.maxCost) {
    return new GraphqlApiError(
      GraphqlErrorCode.TooCostly,
      `query cost ${measured.cost} exceeds the limit of ${limits.maxCost} (lists multiply their fields by first; ask for fewer items or fields)`,
      { cost: measured.cost, maxCost: limits.maxCost },
    )
  }
  return undefined
}
