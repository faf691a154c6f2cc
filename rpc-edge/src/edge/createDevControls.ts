import type { BlockSource, DevCommand, DevControl, EventFeed, TxInclusion } from '@rtevm/protocol'
import type { MethodTable } from '../jsonrpc/index.ts'
import { createSendMethods, type SendMethodsOptions } from '../methods/index.ts'
import { createDevMethods } from './createDevMethods.ts'
import { createReplicaWaiter } from './createReplicaWaiter.ts'
import type { NextBlockParameters } from './nextBlockParameters.ts'

/** Requests waiting for the replica to apply a dev command or an impersonated send. */
const MAX_WAITERS = 4096

export type DevControls = {
  /** anvil_* / hardhat_* / evm_* methods. */
  methods: MethodTable
  /** Runs a dev command and resolves with its value once this edge's replica applied it. */
  run(command: DevCommand): Promise<bigint>
  /** Send methods submitting as an impersonated `from` (for eth_sendTransaction). */
  impersonatedSendMethods(from: Uint8Array): MethodTable
  close(): void
}

/** The edge's devnet surface over the sequencer's `DevControl`, answering once the replica caught up. */
export function createDevControls(deps: {
  control: DevControl
  replica: EventFeed & Pick<BlockSource, 'head'>
  maxWaitMs: number
  sendOptions: Omit<SendMethodsOptions, 'submitter'>
  parameters: Pick<NextBlockParameters, 'set'>
}): DevControls {
  const { control, replica } = deps
  const waiter = createReplicaWaiter({ replica, maxWaitMs: deps.maxWaitMs, maxWaiters: MAX_WAITERS })
  const applied = (seq: bigint) => waiter.until(() => replica.lastSeq() >= seq)
  return {
    methods: createDevMethods({ control, applied, parameters: deps.parameters }),
    async run(command) {
      const result = await control.dev(command)
      await applied(result.seq)
      return result.value
    },
    impersonatedSendMethods: (from) =>
      createSendMethods({
        ...deps.sendOptions,
        submitter: {
          async submit(raw): Promise<TxInclusion> {
            const inclusion = await control.submitAs(from, raw)
            await waiter.until(() => replica.head().miniBlock >= inclusion.miniBlockNumber)
            return inclusion
          },
        },
      }),
    close: () => waiter.close(),
  }
}
