import { describe, expect, it } from 'vitest'
import { storeConfigFromEnv } from './storeConfigFromEnv.ts'

describe('storeConfigFromEnv', () => {
  it('picks Postgres when DATABASE_URL is set', () => {
    const env = { DATABASE_URL: ' postgres://indexer@db:5432/rtevm ' }
    expect(storeConfigFromEnv(env, { dataDir: '.rtevm/indexer' })).toEqual({
      kind: 'postgres',
      url: 'postgres://indexer@db:5432/rtevm',
    })
  })

  it('picks PGlite in the default data directory when DATABASE_URL is unset or empty', () => {
    expect(storeConfigFromEnv({}, { dataDir: '.rtevm/indexer' })).toEqual({
      kind: 'pglite',
      dataDir: '.rtevm/indexer',
    })
    expect(storeConfigFromEnv({ DATABASE_URL: '' })).toEqual({ kind: 'pglite', dataDir: undefined })
  })
})
