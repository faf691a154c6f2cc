import { hexFromBytes } from '../../state/index.ts'
import { attachHooks } from './attachHooks.ts'
import { dataHex } from './hex.ts'
import type { TxTracer } from './TxTracer.ts'

const CALLS: ReadonlySet<string> = new Set(['CALL', 'CALLCODE', 'DELEGATECALL', 'STATICCALL'])

/**
 * geth's 4byteTracer (eth/tracers/native/4byte.go): how often each function
 * selector was called with each calldata size, `"0x<selector>-<size>": n`.
 * Creates and precompile calls are left out.
 */
export function createFourByteTracer(): TxTracer {
  const ids = new Map<string, number>()
  return {
    start(run) {
      const evm = run.vm.evm
      return attachHooks(run, {
        onEnter(frame) {
          if (frame.input.length < 4 || !CALLS.has(frame.type) || !frame.to) return
          if (evm.precompiles.has(hexFromBytes(frame.to))) return
          const key = `${dataHex(frame.input.subarray(0, 4))}-${frame.input.length - 4}`
          ids.set(key, (ids.get(key) ?? 0) + 1)
        },
      })
    },
    result: () => Object.fromEntries(ids),
  }
}
