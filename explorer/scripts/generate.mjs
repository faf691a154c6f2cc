// Generates the explorer's GraphQL result types from the indexer's schema and the documents the
// explorer sends (src/graphql/queries.ts), with GraphQL Code Generator's client preset, into
// explorer/generated/graphql/ (gitignored). A document the schema no longer answers fails here,
// and the folder is removed, so the typecheck and the build fail as well instead of using stale types.
//
// Run from anywhere: `node explorer/scripts/generate.mjs` (`--force` regenerates even when current).
// The test command and `pnpm start` run it before typechecking or building; it returns at once when
// the schema, the documents and this file are unchanged since the last run.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const explorer = join(dirname(fileURLToPath(import.meta.url)), '..')
const root = join(explorer, '..')
const schema = join(root, 'indexer', 'src', 'graphql', 'schema.graphql')
const documents = join(explorer, 'src', 'graphql', 'queries.ts')
const out = join(explorer, 'generated', 'graphql')
const stamp = join(out, 'inputs.sha256')

const inputs = [schema, documents, fileURLToPath(import.meta.url), join(explorer, 'package.json')]
const hash = createHash('sha256')
for (const path of inputs)
  hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0')
const fingerprint = hash.digest('hex')

if (!process.argv.includes('--force') && existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint) {
  process.exit(0)
}

rmSync(out, { recursive: true, force: true })
// Loaded only when there is work: the codegen and its loaders take a second to import.
const { generate } = await import('@graphql-codegen/cli')
try {
  await generate(
    {
      schema,
      documents: [documents],
      generates: {
        [`${out}/`]: {
          preset: 'client',
          // Plain result types: a component reads the fields its fragment selects without unmasking.
          presetConfig: { fragmentMasking: false },
          config: {
            // Documents stay strings (graphql-ws and fetch send strings), typed with their result and variables.
            documentMode: 'string',
            enumsAsTypes: true,
            useTypeImports: true,
            skipTypename: true,
            // Result fields are always present (null, not missing); so are variables (pass null).
            avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
            // The schema's custom scalars are strings on the wire (BigInt in decimal, Bytes and Address in hex).
            strictScalars: true,
            scalars: {
              BigInt: { input: 'string', output: 'string' },
              Bytes: { input: 'string', output: 'string' },
              Address: { input: 'string', output: 'string' },
            },
          },
        },
      },
      silent: true,
      errorsOnly: true,
    },
    true,
  )
} catch (error) {
  rmSync(out, { recursive: true, force: true })
  console.error(
    `generating the explorer's GraphQL types failed: ${error instanceof Error ? error.message : error}`,
  )
  process.exit(1)
}
writeFileSync(stamp, fingerprint)
console.log(
  `generated ${relative(root, out)}/ from ${relative(root, schema)} and ${relative(root, documents)}`,
)
