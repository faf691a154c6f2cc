import { encodeAbiParameters, encodeFunctionData, hexToBytes, parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import { gethError, gethOpName, revertReason } from './gethErrors.ts'

const abi = parseAbi(['function Error(string)', 'function Panic(uint256)'])

describe('geth error words', () => {
  it('decodes Error(string) and Panic(uint256) payloads as geth does, nothing else', () => {
    const error = encodeFunctionData({ abi, functionName: 'Error', args: ['nope'] })
    expect(revertReason(hexToBytes(error))).toBe('nope')
    const panic = (code: bigint) =>
      hexToBytes(encodeFunctionData({ abi, functionName: 'Panic', args: [code] }))
    expect(revertReason(panic(0x11n))).toBe('arithmetic underflow or overflow')
    expect(revertReason(panic(0x99n))).toBe('unknown panic code: 0x99')
    const custom = `0x4fc8e71f${encodeAbiParameters([{ type: 'uint256' }], [1n]).slice(2)}` as const
    expect(revertReason(hexToBytes(custom))).toBeUndefined()
    expect(revertReason(new Uint8Array([8, 0xc3]))).toBeUndefined()
  })

  it("maps EthereumJS's halts and opcode names to geth's", () => {
    expect(gethError('revert')).toBe('execution reverted')
    expect(gethError('static state change')).toBe('write protection')
    expect(gethError('invalid opcode', 'INVALID')).toBe('invalid opcode: INVALID')
    expect(gethOpName('PREVRANDAO', 0x44)).toBe('DIFFICULTY')
    expect(gethOpName('INVALID', 0xef)).toBe('opcode 0xef not defined')
  })
})
