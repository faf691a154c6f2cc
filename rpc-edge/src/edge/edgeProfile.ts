import type { DeploymentProfile, EdgeProfileLimits } from '@rtevm/protocol'
import type { RpcConfigInput } from '../config/index.ts'
import type { EdgeOptions } from './EdgeOptions.ts'

/** The profile's limits that are edge options; the rest are server (`RpcConfig`) fields. */
const EDGE_LIMITS = ['maxLogs', 'maxFilters', 'maxCallAfterWaiters'] as const

/**
 * What a deployment profile sets on the edge: dev methods and unlocked
 * accounts, and the limits it tightens. Anything given explicitly goes on top.
 */
export function edgeProfileInput(profile: DeploymentProfile): {
  rpc: RpcConfigInput
  edge: Partial<EdgeOptions>
} {
  const rpc: RpcConfigInput = {}
  const edge: Partial<EdgeOptions> = { devMethods: profile.devMethods, devAccounts: profile.devAccounts }
  for (const [name, value] of Object.entries(profile.edge) as [keyof EdgeProfileLimits, number][]) {
    if (value === undefined) continue
    if ((EDGE_LIMITS as readonly string[]).includes(name)) edge[name as (typeof EDGE_LIMITS)[number]] = value
    else rpc[name as Exclude<keyof EdgeProfileLimits, (typeof EDGE_LIMITS)[number]>] = value
  }
  return { rpc, edge }
}

/** What this edge serves that only a devnet should, named for the refusal to bind it publicly. */
export function devnetSurface(options: Pick<EdgeOptions, 'devMethods' | 'devAccounts'>): string[] {
  const surface: string[] = []
  if (options.devMethods) surface.push('dev methods (anvil_*, evm_*, hardhat_*, impersonation)')
  if (options.devAccounts) surface.push('unlocked dev accounts')
  return surface
}
