import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { ExecutionArgs } from 'graphql'
import { useServer } from 'graphql-ws/use/ws'
import { createGraphQLError, createYoga } from 'graphql-yoga'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { WebSocketServer } from 'ws'
import type { SqlDatabase } from '../database/SqlDatabase.ts'
import type { Indexer } from '../follower/createIndexer.ts'
import type { ApiContext } from '../graphql/ApiContext.ts'
import { createApiSchema } from '../graphql/createApiSchema.ts'
import { createLoaders } from '../graphql/createLoaders.ts'
import { graphqlRuntime } from '../graphql/graphqlRuntime.ts'
import { type ApiLimits, DEFAULT_API_LIMITS } from '../graphql/limits.ts'
import { createSubscriptionHub } from '../graphql/subscriptions/createSubscriptionHub.ts'
import { useApiLimits } from '../graphql/useApiLimits.ts'
import type { IndexerModuleBase } from '../modules/IndexerModule.ts'
import { IndexerServerListenError } from './IndexerServerListenError.ts'

export type IndexerServerOptions = {
  /** Read by the resolvers (and custom modules' resolvers as `context.sql`). */
  db: SqlDatabase
  /** Its `onCommit` feeds the subscriptions; `committedSeq` answers `/health`. */
  indexer: Pick<Indexer, 'onCommit' | 'committedSeq' | 'lag'>
  /** Default 127.0.0.1: the API is not exposed beyond the machine unless asked. */
  host?: string
  /** Default 42069; 0 picks a free port. */
  port?: number
  /** Origins browsers may query from: `*` (default; the explorer and playground run on other ports) or a comma-separated list. */
  corsOrigin?: string
  /** Modules whose `graphql` is merged into the schema. */
  modules?: readonly IndexerModuleBase[]
  limits?: Partial<ApiLimits>
  /** Unexpected resolver errors (clients see only "Unexpected error." with code INTERNAL_SERVER_ERROR). */
  onError?: (error: unknown) => void
}

export type IndexerServer = {
  /** `http://host:port/graphql` (also the graphql-ws endpoint, with ws://). */
  url: string
  port: number
  /** Ends subscriptions, drops connections and stops listening. */
  close(): Promise<void>
}

const { GraphQLError } = graphqlRuntime

/** Yoga's server context: the client connection, when the transport has one (graphql-ws). */
type ServerContext = { connection?: object }

/**
 * The indexer's GraphQL API on hono: queries and SSE subscriptions at
 * `/graphql` (GraphiQL from a browser), graphql-ws on the same port and path,
 * `GET /health`. CORS is open by default: the explorer and playground call it from other ports.
 */
export async function createIndexerServer(options: IndexerServerOptions): Promise<IndexerServer> {
  const limits: ApiLimits = { ...DEFAULT_API_LIMITS, ...options.limits }
  const { db, indexer } = options
  // Stats read mini-blocks by time; without this index each stats read scans the table.
  await db.exec('create index if not exists mini_blocks_timestamp_us on mini_blocks (timestamp_us)')
  const hub = await createSubscriptionHub(indexer, db, limits)
  const yoga = createYoga<ServerContext>({
    schema: createApiSchema(options.modules),
    graphqlEndpoint: '/graphql',
    cors: false,
    logging: false,
    maskedErrors: {
      maskError(error, message, isDev) {
        const original = error instanceof GraphQLError ? error.originalError : error
        if (original instanceof GraphQLError || (error instanceof GraphQLError && !error.originalError))
          return error as Error
        options.onError?.(original)
        return createGraphQLError(isDev ? String(original) : message, {
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        })
      },
    },
    plugins: [useApiLimits(limits)],
    context: ({ connection, request }): Omit<ApiContext, 'connection'> & { connection: object } => ({
      sql: db,
      loaders: createLoaders(db),
      limits,
      hub,
      connection: connection ?? request,
    }),
  })

  const app = new Hono()
  app.use(
    '*',
    cors({ origin: corsOrigins(options.corsOrigin ?? '*'), allowMethods: ['GET', 'POST', 'OPTIONS'] }),
  )
  app.get('/health', (c) =>
    c.json({ status: 'ok', cursor: indexer.committedSeq().toString(), subscriptions: hub.size() }),
  )
  const tooLarge = `request body exceeds ${limits.maxBodyBytes} bytes`
  app.use(
    '/graphql',
    bodyLimit({
      maxSize: limits.maxBodyBytes,
      onError: (c) =>
        c.json({ errors: [{ message: tooLarge, extensions: { code: 'REQUEST_TOO_LARGE' } }] }, 413),
    }),
  )
  app.on(['GET', 'POST', 'OPTIONS'], '/graphql', (c) => yoga.fetch(c.req.raw, {}))

  const host = options.host ?? '127.0.0.1'
  const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 42069 }) as Server
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', reject)
    })
  } catch (error) {
    hub.close()
    const details = error instanceof Error ? error.message : String(error)
    throw new IndexerServerListenError(host, options.port ?? 42069, { cause: error, details })
  }
  const port = (server.address() as AddressInfo).port

  const wss = new WebSocketServer({ server, path: '/graphql' })
  const graphqlWs = useServer<Record<string, unknown>, { rootValue?: unknown }>(
    {
      execute: (args: ExecutionArgs) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args: ExecutionArgs) => (args.rootValue as Enveloped).subscribe(args),
      // Backpressure: a client that does not read leaves sends buffered in the socket; waiting here
      // stops this subscription's loop from taking more events, so they queue in its bounded queue
      // and a client that stays behind is closed with SUBSCRIBER_TOO_SLOW instead of growing memory.
      async onNext(ctx) {
        const socket = ctx.extra.socket
        while (socket.bufferedAmount > limits.maxSocketBufferBytes && socket.readyState === socket.OPEN) {
          await new Promise((resolve) => setTimeout(resolve, 5))
        }
      },
      async onSubscribe(ctx, _id, payload) {
        // The same schema, plugins (limits) and context as HTTP, via yoga's envelop.
        const enveloped = yoga.getEnveloped({
          connection: ctx.extra.socket,
          request: undefined,
          params: payload,
        })
        let document: ReturnType<typeof enveloped.parse>
        try {
          document = enveloped.parse(payload.query)
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError(String(error))]
        }
        const errors = enveloped.validate(enveloped.schema, document)
        if (errors.length > 0) return errors
        return {
          schema: enveloped.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        }
      },
    },
    wss,
  )

  let closing: Promise<void> | undefined
  async function close(): Promise<void> {
    hub.close()
    await graphqlWs.dispose()
    for (const socket of wss.clients) socket.terminate()
    await new Promise<void>((resolve) => wss.close(() => resolve()))
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeAllConnections()
    await stopped
  }
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`,
    port,
    close() {
      closing ??= close()
      return closing
    },
  }
}

/** `*` stays `*`; a list is the origins hono echoes back (others get no Access-Control-Allow-Origin). */
function corsOrigins(corsOrigin: string): string | string[] {
  const origins = corsOrigin
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '')
  return origins.length === 0 || origins.includes('*') ? '*' : origins
}

type Enveloped = {
  execute: (args: ExecutionArgs) => ReturnType<NonNullable<Parameters<typeof useServer>[0]['execute']>>
  subscribe: (args: ExecutionArgs) => ReturnType<NonNullable<Parameters<typeof useServer>[0]['subscribe']>>
}
