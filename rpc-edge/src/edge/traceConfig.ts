import type { AccountOverride, TracerSpec } from '@rtevm/protocol'
import { expected, field, object, type Param } from '../jsonrpc/index.ts'
import { type BlockOverrides, blockOverrides, stateOverrides } from './callRequest.ts'

const TRACERS = 'callTracer, prestateTracer, 4byteTracer, or none for the struct logger'

function flag(o: Record<string, unknown>, key: string): boolean | undefined {
  const value = o[key]
  if (value === undefined || value === null) return undefined
  return typeof value === 'boolean' ? value : expected(`${key} as a boolean`, value)
}

function tracerConfigOf(o: Record<string, unknown>): Record<string, unknown> {
  const config = o.tracerConfig
  if (config === undefined || config === null) return {}
  if (typeof config !== 'object' || Array.isArray(config))
    return expected('tracerConfig as an object', config)
  return config as Record<string, unknown>
}

/**
 * geth's TraceConfig: `tracer` names a built-in tracer (none: the struct
 * logger, configured by the top-level flags), `tracerConfig` configures it.
 * JavaScript tracers are not served; `timeout` and `reexec` are accepted and
 * ignored (traces here run on the replica's RAM state).
 */
export function parseTraceConfig(o: Record<string, unknown>): TracerSpec {
  const tracer = o.tracer
  const config = tracerConfigOf(o)
  switch (tracer) {
    case undefined:
    case null:
    case '':
      return {
        kind: 'struct',
        disableStack: flag(o, 'disableStack'),
        disableStorage: flag(o, 'disableStorage'),
        enableMemory: flag(o, 'enableMemory'),
        enableReturnData: flag(o, 'enableReturnData'),
      }
    case 'callTracer':
      return { kind: 'call', withLog: flag(config, 'withLog'), onlyTopCall: flag(config, 'onlyTopCall') }
    case 'prestateTracer':
      return {
        kind: 'prestate',
        diffMode: flag(config, 'diffMode'),
        disableCode: flag(config, 'disableCode'),
        disableStorage: flag(config, 'disableStorage'),
        includeEmpty: flag(config, 'includeEmpty'),
      }
    case '4byteTracer':
      return { kind: '4byte' }
    default:
      return expected(`tracer to be one of ${TRACERS}`, tracer)
  }
}

/** A debug_trace* config parameter. */
export function traceConfig(name = 'trace config'): Param<TracerSpec> {
  return object(name, parseTraceConfig)
}

/** debug_traceCall's config: a trace config plus geth's `stateOverrides` and `blockOverrides`. */
export type TraceCallConfig = {
  spec: TracerSpec
  stateOverride?: AccountOverride[]
  block?: BlockOverrides
}

export function traceCallConfig(name = 'trace config'): Param<TraceCallConfig> {
  return object(name, (o) => ({
    spec: parseTraceConfig(o),
    stateOverride: field(o, 'stateOverrides', stateOverrides()),
    block: field(o, 'blockOverrides', blockOverrides()),
  }))
}
