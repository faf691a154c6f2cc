import type { ValueNode } from 'graphql'
import { badInput } from './errors.ts'
import { graphqlRuntime } from './graphqlRuntime.ts'

const { GraphQLScalarType, Kind } = graphqlRuntime

/**
 * The API's scalars. Inside resolvers: `BigInt` is a `bigint`, `Bytes` and
 * `Address` are lowercase 0x-hex strings (validated on input). Output accepts
 * what rows and batch models hold (bigint, number, decimal string, Uint8Array, hex).
 */
const HEX = /^0x([0-9a-fA-F]{2})*$/
const DECIMAL = /^(0|[1-9][0-9]*)$/

export function toHex(value: unknown): string {
  if (value instanceof Uint8Array)
    return `0x${Buffer.from(value.buffer, value.byteOffset, value.length).toString('hex')}`
  if (typeof value === 'string' && HEX.test(value)) return value.toLowerCase()
  throw new TypeError(`not bytes: ${String(value)}`)
}

export function hexToBuffer(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'))
}

function literalString(ast: ValueNode, scalar: string): string {
  if (ast.kind === Kind.STRING) return ast.value
  if (ast.kind === Kind.INT && scalar === 'BigInt') return ast.value
  throw badInput(`${scalar} must be given as a string`)
}

export function parseBigIntInput(value: unknown): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value)
  if (typeof value === 'string' && DECIMAL.test(value) && value.length <= 78) return BigInt(value)
  if (typeof value === 'string' && /^0x[0-9a-fA-F]{1,64}$/.test(value)) return BigInt(value)
  throw badInput(`BigInt must be a non-negative decimal string (or 0x hex), got ${JSON.stringify(value)}`)
}

export function parseBytesInput(value: unknown): string {
  if (typeof value === 'string' && HEX.test(value)) return value.toLowerCase()
  throw badInput(`Bytes must be an even-length 0x-prefixed hex string, got ${JSON.stringify(value)}`)
}

export function parseAddressInput(value: unknown): string {
  if (typeof value !== 'string' || !HEX.test(value)) {
    throw badInput(`Address must be a 0x-prefixed hex string of 20 bytes, got ${JSON.stringify(value)}`)
  }
  const bytes = (value.length - 2) / 2
  if (bytes !== 20) throw badInput(`Address must be 20 bytes, got ${bytes} bytes (${value})`)
  return value.toLowerCase()
}

export const BigIntScalar = new GraphQLScalarType({
  name: 'BigInt',
  description: 'An unsigned integer as a decimal string',
  serialize: (value) => {
    if (typeof value === 'bigint' || typeof value === 'number') return value.toString()
    if (typeof value === 'string' && DECIMAL.test(value)) return value
    throw new TypeError(`not a BigInt: ${String(value)}`)
  },
  parseValue: parseBigIntInput,
  parseLiteral: (ast) => parseBigIntInput(literalString(ast, 'BigInt')),
})

export const BytesScalar = new GraphQLScalarType({
  name: 'Bytes',
  description: '0x-prefixed lowercase hex',
  serialize: toHex,
  parseValue: parseBytesInput,
  parseLiteral: (ast) => parseBytesInput(literalString(ast, 'Bytes')),
})

export const AddressScalar = new GraphQLScalarType({
  name: 'Address',
  description: 'A 20-byte address as 0x-prefixed lowercase hex (input accepts any case)',
  serialize: toHex,
  parseValue: parseAddressInput,
  parseLiteral: (ast) => parseAddressInput(literalString(ast, 'Address')),
})
