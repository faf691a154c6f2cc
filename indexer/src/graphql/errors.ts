import { graphqlRuntime } from './graphqlRuntime.ts'

const { GraphQLError } = graphqlRuntime

/** Stable `extensions.code` values of the API's errors; clients branch on these, not on messages. */
export const GraphqlErrorCode = {
  BadInput: 'BAD_USER_INPUT',
  PageTooLarge: 'PAGE_TOO_LARGE',
  BadCursor: 'BAD_CURSOR',
  TooDeep: 'QUERY_TOO_DEEP',
  TooCostly: 'QUERY_TOO_COSTLY',
  Timeout: 'QUERY_TIMEOUT',
  TooManySubscriptions: 'TOO_MANY_SUBSCRIPTIONS',
  SubscriberTooSlow: 'SUBSCRIBER_TOO_SLOW',
  ServerClosing: 'SERVER_CLOSING',
} as const
export type GraphqlErrorCode = (typeof GraphqlErrorCode)[keyof typeof GraphqlErrorCode]

/**
 * An error meant for the client: its message is shown as is (yoga masks other
 * errors) and `extensions.code` is one of `GraphqlErrorCode`.
 */
export class GraphqlApiError extends GraphQLError {
  readonly code: GraphqlErrorCode
  constructor(code: GraphqlErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } })
    this.code = code
  }
}

export const badInput = (message: string) => new GraphqlApiError(GraphqlErrorCode.BadInput, message)
