import { readFileSync } from 'node:fs'
import type { GraphQLSchema } from 'graphql'
import { createSchema } from 'graphql-yoga'
import type { IndexerModuleBase } from '../modules/IndexerModule.ts'
import { queryResolvers } from './resolvers/queryResolvers.ts'
import { typeResolvers } from './resolvers/typeResolvers.ts'
import { AddressScalar, BigIntScalar, BytesScalar } from './scalars.ts'
import { subscriptionResolvers } from './subscriptions/subscriptionResolvers.ts'

/** The contract with the explorer and the playground (see the file itself). */
export const API_TYPE_DEFS = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8')

/**
 * The API's executable schema: `schema.graphql` with its resolvers, plus each
 * module's `graphql` (SDL that `extend type Query`/`Subscription` and its
 * resolvers), merged by type and field.
 */
export function createApiSchema(
  modules: readonly Pick<IndexerModuleBase, 'name' | 'graphql'>[] = [],
): GraphQLSchema {
  const extensions = modules.flatMap((module) => (module.graphql ? [module.graphql] : []))
  return createSchema({
    typeDefs: [API_TYPE_DEFS, ...extensions.map((graphql) => graphql.typeDefs)],
    resolvers: [
      {
        BigInt: BigIntScalar,
        Bytes: BytesScalar,
        Address: AddressScalar,
        Query: queryResolvers,
        ...typeResolvers,
      },
      subscriptionResolvers,
      ...extensions.map((graphql) => graphql.resolvers),
    ],
  })
}
