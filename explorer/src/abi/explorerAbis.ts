import { createAbiRegistry, type NamedAbi, STANDARD_ABIS } from './createAbiRegistry.ts'

/**
 * The registry hook: ABIs beyond the standard ones go here (the playground's
 * order book and game contracts, say, with `addresses` once deployed), and
 * every page that decodes picks them up.
 */
export const EXTRA_ABIS: readonly NamedAbi[] = []

/** A fresh registry per request with the standard and extra ABIs. */
export function createExplorerAbiRegistry() {
  return createAbiRegistry([...STANDARD_ABIS, ...EXTRA_ABIS])
}
