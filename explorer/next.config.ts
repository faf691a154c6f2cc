import { fileURLToPath } from 'node:url'
import type { NextConfig } from 'next'

// Runtime settings (indexer and edge URLs) are read per request, never here:
// one build serves any ports. Only the build directory may vary, so a test can
// build beside a running `pnpm start` without deleting its `.next`.
const config: NextConfig = {
  distDir: process.env.RTEVM_EXPLORER_DIST_DIR || '.next',
  reactStrictMode: true,
  poweredByHeader: false,
  // `tsc -p explorer` checks types in the test command; the build skips a second pass.
  typescript: { ignoreBuildErrors: true },
  // @rtevm/protocol ships TypeScript sources (the explorer takes its error class from it).
  transpilePackages: ['@rtevm/protocol', '@rtevm/client'],
  // The pnpm workspace root: dependencies are symlinks into its node_modules.
  turbopack: { root: fileURLToPath(new URL('..', import.meta.url)) },
}

export default config
