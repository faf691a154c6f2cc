import { deployPlaygroundContracts, type PlaygroundAddressBook } from '../contracts/index.ts'

/**
 * Deploys are serialized per edge URL: two first page loads on a fresh devnet would
 * otherwise both send the deployer's nonce 0. This lives in the server process (a route
 * handler has nowhere else to keep it); it holds at most one entry per configured URL.
 */
const inFlight = new Map<string, Promise<PlaygroundAddressBook>>()
const MAX_URLS = 16

/**
 * The address book of the playground contracts on the devnet at `rpcUrl`. The deployment is
 * deterministic and idempotent (D's `deployPlaygroundContracts`): on a devnet where the
 * supervisor already deployed, this only reads the deployer's nonce and the contracts' code.
 */
export function ensurePlaygroundContracts(rpcUrl: string): Promise<PlaygroundAddressBook> {
  const running = inFlight.get(rpcUrl)
  if (running) return running
  if (inFlight.size >= MAX_URLS) inFlight.clear()
  const next = deployPlaygroundContracts({ rpcUrl })
    .then((deployment) => deployment.addresses)
    .finally(() => inFlight.delete(rpcUrl))
  inFlight.set(rpcUrl, next)
  return next
}
