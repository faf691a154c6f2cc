import type {
  BlockContext,
  BlockSource,
  Caller,
  Simulator,
  StateHistoryReader,
  StateReader,
  Tracer,
} from '@rtevm/protocol'
import { createCallMethods } from '../edge/createCallMethods.ts'
import { createOtterscanMethods } from '../edge/createOtterscanMethods.ts'
import { createSimulateMethods } from '../edge/createSimulateMethods.ts'
import { createTraceMethods } from '../edge/createTraceMethods.ts'
import type { MethodTable } from '../jsonrpc/index.ts'
import { createLogMethods } from '../methods/index.ts'
import { OFFLOADED_METHODS } from './offloadedMethods.ts'

export type ReadMethodsDeps = {
  caller: Caller
  tracer: Tracer
  simulator: Simulator
  chain: BlockSource & StateReader & StateHistoryReader
  /** The open-block context a `latest`/`pending` call runs in. */
  blockContext(): BlockContext
  gasCap: bigint
  blockIntervalMs: number
  maxLogs: number
}

/**
 * The methods a read worker serves, built from the same factories as the edge's own, so
 * an answer is the same wherever it was computed: only `OFFLOADED_METHODS`.
 */
export function createReadMethods(deps: ReadMethodsDeps): MethodTable {
  const { caller, tracer, chain, blockContext } = deps
  const all: MethodTable = {
    ...createCallMethods({ caller, blocks: chain, blockContext }),
    ...createTraceMethods({ tracer, blocks: chain, pendingContext: blockContext }),
    ...createOtterscanMethods({ tracer, chain }),
    ...createSimulateMethods({
      simulator: deps.simulator,
      blocks: chain,
      gasCap: deps.gasCap,
      blockIntervalMs: deps.blockIntervalMs,
    }),
    ...createLogMethods({ blocks: chain, maxLogs: deps.maxLogs }),
  }
  return Object.fromEntries(OFFLOADED_METHODS.map((name) => [name, all[name]]))
}
