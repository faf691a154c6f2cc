import { decodeAbiParameters } from 'viem'

/** EthereumJS's exceptional-halt messages → geth's (core/vm/errors.go), which trace clients match on. */
const GETH_ERRORS: Readonly<Record<string, string>> = {
  revert: 'execution reverted',
  'out of gas': 'out of gas',
  'code store out of gas': 'contract creation code storage out of gas',
  'code size to deposit exceeds maximum code size': 'max code size exceeded',
  'invalid JUMP': 'invalid jump destination',
  'static state change': 'write protection',
  'create collision': 'contract address collision',
  'insufficient balance': 'insufficient balance for transfer',
  'invalid bytecode deployed': 'invalid code: must not begin with 0xef',
  'initcode exceeds max initcode size': 'max initcode size exceeded',
  'value out of range': 'return data out of bounds',
}

/** geth's name for an opcode where EthereumJS's differs (0x44 kept its pre-merge name in geth). */
export function gethOpName(name: string, code: number): string {
  if (code === 0x44) return 'DIFFICULTY'
  if (name === 'INVALID' && code !== 0xfe) return `opcode 0x${code.toString(16)} not defined`
  return name
}

/** geth's message for an EthereumJS error; `opName` names the opcode an invalid-opcode halt stopped at. */
export function gethError(error: string, opName?: string): string {
  if (error === 'invalid opcode') return `invalid opcode: ${opName ?? 'INVALID'}`
  return GETH_ERRORS[error] ?? error
}

const ERROR_SELECTOR = '08c379a0'
const PANIC_SELECTOR = '4e487b71'

/** Solidity's panic codes as geth's abi.UnpackRevert words them. */
const PANIC_REASONS: Readonly<Record<number, string>> = {
  0: 'generic panic',
  1: 'assert(false)',
  17: 'arithmetic underflow or overflow',
  18: 'division or modulo by zero',
  33: 'enum overflow',
  34: 'invalid encoded storage byte array accessed',
  49: 'out-of-bounds array access; popping on an empty array',
  50: 'out-of-bounds access of an array or bytesN',
  65: 'out of memory',
  81: 'uninitialized function',
}

/** The reason of an `Error(string)` or `Panic(uint256)` revert payload, as geth's callTracer reports it; else undefined. */
export function revertReason(output: Uint8Array): string | undefined {
  if (output.length < 4) return undefined
  const hex = Buffer.from(output).toString('hex')
  const body = `0x${hex.slice(8)}` as const
  try {
    if (hex.startsWith(ERROR_SELECTOR)) return decodeAbiParameters([{ type: 'string' }], body)[0]
    if (hex.startsWith(PANIC_SELECTOR)) {
      const [code] = decodeAbiParameters([{ type: 'uint256' }], body)
      return PANIC_REASONS[Number(code)] ?? `unknown panic code: 0x${code.toString(16)}`
    }
  } catch {
    return undefined
  }
  return undefined
}
