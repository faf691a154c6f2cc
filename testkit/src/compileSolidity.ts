import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import type { Abi } from 'viem'

/** One compiled contract: its ABI and creation / runtime bytecode as 0x-hex. */
export type CompiledContract = {
  abi: Abi
  bytecode: `0x${string}`
  deployedBytecode: `0x${string}`
}

/** Compiled contracts by name (contract names must be unique across the sources). */
export type CompiledContracts = Record<string, CompiledContract>

/** A Solidity source that does not compile; `errors` holds solc's formatted messages. */
export class SolidityCompileError extends Error {
  override name = 'SolidityCompileError'
  constructor(readonly errors: string[]) {
    super(`solc failed:\n${errors.join('\n')}`)
  }
}

/** The slice of solc-js's API used here (the package ships no types). */
type Solc = { compile(input: string): string; version(): string }

type SolcOutput = {
  errors?: { severity: 'error' | 'warning' | 'info'; formattedMessage: string }[]
  contracts?: Record<
    string,
    Record<string, { abi: Abi; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>
  >
}

/** The EVM version compiled for: the devnet runs Prague rules (see executor/chainCommon.ts). */
export const SOLIDITY_EVM_VERSION = 'prague'

const cache = new Map<string, CompiledContracts>()
let solc: Solc | undefined

/**
 * Compiles `sources` (file name → Solidity text) with solc-js through its
 * standard JSON interface, optimizer on. The output is cached in memory per
 * hash of the sources, since solc-js (wasm) takes a second or more per call.
 */
export function compileSolidity(sources: Record<string, string>): CompiledContracts {
  const names = Object.keys(sources).sort()
  const key = createHash('sha256')
    .update(JSON.stringify(names.map((name) => [name, sources[name]])))
    .digest('hex')
  const cached = cache.get(key)
  if (cached) return cached

  solc ??= createRequire(import.meta.url)('solc') as Solc
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(names.map((name) => [name, { content: sources[name] }])),
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: SOLIDITY_EVM_VERSION,
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error').map((e) => e.formattedMessage)
  if (errors.length > 0) throw new SolidityCompileError(errors)

  const compiled: CompiledContracts = {}
  for (const file of Object.values(output.contracts ?? {})) {
    for (const [name, contract] of Object.entries(file)) {
      if (compiled[name]) throw new SolidityCompileError([`contract name ${name} is defined twice`])
      compiled[name] = {
        abi: contract.abi,
        bytecode: `0x${contract.evm.bytecode.object}`,
        deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
      }
    }
  }
  cache.set(key, compiled)
  return compiled
}
