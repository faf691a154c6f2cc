import type { TracerSpec } from '@rtevm/protocol'
import { createCallTracer } from './createCallTracer.ts'
import { createFourByteTracer } from './createFourByteTracer.ts'
import { createPrestateTracer } from './createPrestateTracer.ts'
import { createStructLogger } from './createStructLogger.ts'
import type { TxTracer } from './TxTracer.ts'

/** A fresh tracer for one transaction (each keeps per-transaction state). */
export function createTxTracer(spec: TracerSpec): TxTracer {
  switch (spec.kind) {
    case 'struct':
      return createStructLogger(spec)
    case 'call':
      return createCallTracer(spec)
    case 'prestate':
      return createPrestateTracer(spec)
    case '4byte':
      return createFourByteTracer()
  }
}
