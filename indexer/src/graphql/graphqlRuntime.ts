import { createRequire } from 'node:module'

/**
 * The `graphql` package as Node itself resolves it (its CommonJS main), which
 * is the copy graphql-yoga, graphql-tools and graphql-ws load. graphql has no
 * `exports` map, so a bundler (vite, under vitest) would pick its `module`
 * (ESM) build instead: a second copy whose types and errors fail yoga's
 * `instanceof` checks ("Cannot use GraphQLNonNull from another module or
 * realm", errors masked). Every runtime import of graphql goes through here.
 */
export const graphqlRuntime = createRequire(import.meta.url)('graphql') as typeof import('graphql')
