import type { GraphqlContext } from '../modules/IndexerModule.ts'
import type { Loaders } from './createLoaders.ts'
import type { ApiLimits } from './limits.ts'
import type { SubscriptionHub } from './subscriptions/createSubscriptionHub.ts'

/** What the API's resolvers receive; custom modules see the `GraphqlContext` part. */
export type ApiContext = GraphqlContext & {
  loaders: Loaders
  limits: ApiLimits
  hub: SubscriptionHub
  /** Identifies the client connection (a WebSocket, or the request for HTTP/SSE) for per-connection limits. */
  connection: object
}
