import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'protocol/src/**/*.test.ts',
      'client/src/**/*.test.ts',
      'node/src/**/*.test.ts',
      'rpc-edge/src/**/*.test.ts',
      'indexer/src/**/*.test.ts',
      'explorer/**/*.test.ts',
      'playground/**/*.test.ts',
      'testkit/src/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    exclude: ['**/node_modules/**', '**/.next/**', '**/dist/**'],
    pool: 'forks',
  },
})
