import type { AbiParameter } from 'viem'
import { PlaygroundError } from '../errors.ts'

/**
 * A form field's text as the value viem encodes for `param`: integers as bigint, `true`/`false`,
 * addresses and bytes as hex, strings as typed, arrays and tuples as JSON (numbers inside may
 * be strings, so big values survive).
 */
export function parseAbiArgument(param: AbiParameter, text: string): unknown {
  const where = param.name ? `argument ${param.name} (${param.type})` : `argument of type ${param.type}`
  const fail = (why: string): never => {
    throw new PlaygroundError('PLAYGROUND_BAD_INPUT', `${where}: ${why}`)
  }
  if (param.type.endsWith(']') || param.type === 'tuple') {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      fail('expected JSON')
    }
    return fromJson(param, json, fail)
  }
  return fromJson(param, text.trim(), fail)
}

function fromJson(param: AbiParameter, value: unknown, fail: (why: string) => never): unknown {
  const type = param.type
  const array = /^(.*)\[(\d*)\]$/.exec(type)
  if (array) {
    if (!Array.isArray(value)) fail('expected a JSON array')
    const inner = { ...param, type: array[1] } as AbiParameter
    return (value as unknown[]).map((item) => fromJson(inner, item, fail))
  }
  if (type === 'tuple') {
    const components = (param as { components?: readonly AbiParameter[] }).components ?? []
    if (Array.isArray(value)) return components.map((c, i) => fromJson(c, value[i], fail))
    if (value && typeof value === 'object')
      return Object.fromEntries(
        components.map((c) => [c.name, fromJson(c, (value as Record<string, unknown>)[c.name ?? ''], fail)]),
      )
    fail('expected a JSON array or object')
  }
  if (/^u?int\d*$/.test(type)) {
    const text = String(value)
    if (!/^-?(0x[0-9a-fA-F]+|\d+)$/.test(text)) fail(`${JSON.stringify(text)} is not an integer`)
    return text.startsWith('-') ? -BigInt(text.slice(1)) : BigInt(text)
  }
  if (type === 'bool') {
    if (value === true || value === 'true') return true
    if (value === false || value === 'false') return false
    fail('expected true or false')
  }
  if (type === 'address' || type.startsWith('bytes')) {
    if (typeof value !== 'string' || !/^0x[0-9a-fA-F]*$/.test(value)) fail('expected 0x-prefixed hex')
    return value
  }
  return String(value)
}
