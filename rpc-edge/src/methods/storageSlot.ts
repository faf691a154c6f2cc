import { expected, type Param } from '../jsonrpc/index.ts'

/**
 * A storage slot: clients send either a quantity (`0x0`) or a 32-byte word
 * with leading zeros, so both are accepted and left-padded to 32 bytes.
 */
export function storageSlot(name = 'slot'): Param<Uint8Array> {
  return {
    name,
    optional: false,
    parse(value) {
      if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) {
        return expected('a storage slot (hex, at most 32 bytes)', value)
      }
      const hex = value.slice(2).padStart(64, '0')
      return Uint8Array.from(Buffer.from(hex, 'hex'))
    },
  }
}
