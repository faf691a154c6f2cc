import { type Abi, decodeEventLog, decodeFunctionData, erc20Abi, erc721Abi, type Hex } from 'viem'

/** An ABI the explorer can decode with; `addresses` pins it to contracts (tried first for them). */
export type NamedAbi = { name: string; abi: Abi; addresses?: readonly string[] }

export type DecodedArg = { name: string; type: string; value: string }
export type DecodedCall = { abiName: string; functionName: string; args: DecodedArg[] }
export type DecodedEvent = { abiName: string; eventName: string; args: DecodedArg[] }

export type AbiRegistry = {
  /** Adds an ABI (the playground's contracts, say); later ones are tried after earlier ones. */
  register(entry: NamedAbi): void
  /** Decodes calldata sent to `to`, or null when no known ABI has the selector. */
  decodeInput(to: string | null, input: string): DecodedCall | null
  /** Decodes a log emitted by `address`, or null when no known ABI has the event. */
  decodeLog(address: string, topics: readonly string[], data: string): DecodedEvent | null
}

/** The ABIs every explorer knows: ERC-20 first (fungible transfers are the common case), then ERC-721. */
export const STANDARD_ABIS: readonly NamedAbi[] = [
  { name: 'ERC-20', abi: erc20Abi },
  { name: 'ERC-721', abi: erc721Abi },
]

/** Renders a decoded value (bigints, arrays, tuples) as text. */
export function formatAbiValue(value: unknown): string {
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return `[${value.map(formatAbiValue).join(', ')}]`
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${formatAbiValue(v)}`)
      .join(', ')}}`
  }
  return String(value)
}

type AbiParam = { name?: string; type: string }

function namedArgs(params: readonly AbiParam[], args: unknown): DecodedArg[] {
  const list = Array.isArray(args) ? args : params.map((p) => (args as Record<string, unknown>)[p.name ?? ''])
  return params.map((param, i) => ({
    name: param.name || `arg${i}`,
    type: param.type,
    value: formatAbiValue(list[i]),
  }))
}

/**
 * The explorer's ABI registry: decodes calldata and logs with the first ABI
 * that fits, ABIs pinned to the contract's address before general ones.
 */
export function createAbiRegistry(initial: readonly NamedAbi[] = STANDARD_ABIS): AbiRegistry {
  const entries: NamedAbi[] = [...initial]

  function candidates(address: string | null): NamedAbi[] {
    const lower = address?.toLowerCase()
    const pinned = entries.filter((e) => lower && e.addresses?.some((a) => a.toLowerCase() === lower))
    return [...pinned, ...entries.filter((e) => !e.addresses)]
  }

  return {
    register(entry) {
      entries.push(entry)
    },
    decodeInput(to, input) {
      if (input.length < 10) return null
      for (const entry of candidates(to)) {
        try {
          const { functionName, args } = decodeFunctionData({ abi: entry.abi, data: input as Hex })
          const item = entry.abi.find((i) => i.type === 'function' && i.name === functionName)
          const inputs = item && 'inputs' in item ? item.inputs : []
          return { abiName: entry.name, functionName, args: namedArgs(inputs, args ?? []) }
        } catch {
          // Not this ABI: try the next.
        }
      }
      return null
    },
    decodeLog(address, topics, data) {
      if (topics.length === 0) return null
      for (const entry of candidates(address)) {
        try {
          const decoded = decodeEventLog({
            abi: entry.abi,
            topics: topics as [Hex, ...Hex[]],
            data: data as Hex,
            strict: true,
          })
          const item = entry.abi.find((i) => i.type === 'event' && i.name === decoded.eventName)
          const inputs = item && 'inputs' in item ? item.inputs : []
          return {
            abiName: entry.name,
            eventName: decoded.eventName ?? '?',
            args: namedArgs(inputs, decoded.args),
          }
        } catch {
          // Wrong ABI or wrong indexed layout (ERC-20 vs ERC-721 Transfer): try the next.
        }
      }
      return null
    },
  }
}
