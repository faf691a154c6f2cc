import { parentPort, workerData } from 'node:worker_threads'
import {
  createCaller,
  createReplica,
  createSimulator,
  createTracer,
  followSequencer,
  type Replica,
  ReplicaBusyError,
} from '@rtevm/node'
import { type BlockContext, decodeStreamEvent, RtevmError, wallClockMs } from '@rtevm/protocol'
import { parseParams } from '../jsonrpc/index.ts'
import { createReadMethods } from './createReadMethods.ts'
import { createSeqWaiters } from './createSeqWaiters.ts'
import { borrowLinkKey } from './lendLinkKey.ts'
import type { FromReadWorker, ReadReply, ReadRequest, ReadWorkerInit, ToReadWorker } from './readMessages.ts'

/**
 * A read worker: its own replica of the chain, following the same stream as the edge's,
 * and the edge's read methods over it. Each request waits (bounded) until this replica
 * applied the seq the edge had applied when the request arrived, then runs; the answer
 * goes back as JSON text the edge splices into its response.
 */
async function runReadWorker(port: NonNullable<typeof parentPort>, init: ReadWorkerInit): Promise<void> {
  const post = (message: FromReadWorker) => port.postMessage(message)
  const report = (error: unknown) => post({ kind: 'failed', details: detailsOf(error) })
  const replica = await createReplica(init.genesis, {
    onListenerError: report,
    history: { blocks: init.history.blocks, bytes: init.history.bytes },
  })
  const fail = (error: unknown) => {
    report(error)
    // A halted replica answers nothing more: end the thread, and the pool starts a fresh one.
    if (replica.haltedBy() !== undefined) process.exit(1)
  }
  const caller = createCaller({
    state: replica.state,
    history: replica.history,
    chainId: replica.chain.chainId,
    gasCap: init.gasCap,
  })
  // Set from each request just before its handler runs: call methods read it synchronously.
  let context: BlockContext = replica.pendingBlockContext()
  const methods = createReadMethods({
    caller,
    tracer: createTracer({ caller, chain: replica }),
    simulator: createSimulator({ caller, chain: replica }),
    chain: replica,
    blockContext: () => context,
    gasCap: init.gasCap,
    blockIntervalMs: replica.chain.blockIntervalMs,
    maxLogs: init.maxLogs,
  })
  const waiters = createSeqWaiters({ applied: () => replica.lastSeq(), maxWaitMs: init.maxWaitMs })
  let caughtUp = false
  replica.onEvent(() => {
    waiters.advance()
    if (!caughtUp && replica.lastSeq() >= init.catchUpTo) {
      caughtUp = true
      post({ kind: 'caughtUp' })
    }
  })

  const forwarded = init.feed.kind === 'forwarded' ? createForwardedFeed(replica, fail) : undefined
  if (init.feed.kind === 'link') {
    const { url, key, ca } = init.feed
    // Once caught up, link drops are the edge's follower's to report (it sees the same ones); before,
    // they may be why this worker never serves (a cursor the sequencer pruned). A halt is always reported.
    const onError = (error: unknown) => {
      if (!caughtUp || replica.haltedBy() !== undefined) fail(error)
    }
    followSequencer(replica, { url, key: key && borrowLinkKey(key), ca, onError })
  }

  async function execute(request: ReadRequest): Promise<ReadReply> {
    const { id } = request
    try {
      const method = methods[request.method]
      const params = parseParams(method.params, request.params)
      // The same context as the last request's is kept as that object: the caller reuses the EVM block it built for it.
      if (!sameContext(context, request.context)) context = request.context
      const result = await method.handler(params, {
        context: {},
        transport: 'http',
        receivedAt: wallClockMs(),
        afterReply: () => {},
      })
      return { kind: 'result', id, json: JSON.stringify(result ?? null) }
    } catch (error) {
      if (!(error instanceof RtevmError)) return { kind: 'internal', id, details: detailsOf(error) }
      const { code, shortMessage: message, data, retryable } = error
      return { kind: 'error', id, error: { code, message, data, retryable } }
    }
  }

  // Reads run one at a time with a turn of the event loop between them: a call holds a checkpoint
  // on the state, and a stream event waiting on it applies in that turn, so back-to-back reads
  // never starve the replica (and the reads waiting for its next seq).
  const ready: ReadRequest[] = []
  let running = false
  async function runNext(): Promise<void> {
    const request = ready.shift()
    if (request === undefined) {
      running = false
      return
    }
    post(await execute(request))
    setImmediate(runNext)
  }
  async function admit(request: ReadRequest): Promise<void> {
    if (!(await waiters.reach(request.minSeq))) return post({ kind: 'behind', id: request.id })
    ready.push(request)
    if (running) return
    running = true
    setImmediate(runNext)
  }

  port.on('message', (message: ToReadWorker) => {
    if (message.kind === 'events') forwarded?.receive(message.events)
    else void admit(message)
  })
  if (replica.lastSeq() >= init.catchUpTo) {
    caughtUp = true
    post({ kind: 'caughtUp' })
  }
  post({ kind: 'started', nextSeq: replica.lastSeq() + 1n })
}

/**
 * Applies the events the edge forwards, in order. An event arriving while a call holds a
 * checkpoint on the replica's state waits, with those after it, for the next turn.
 */
function createForwardedFeed(replica: Replica, fail: (error: unknown) => void) {
  const waiting: Uint8Array[] = []
  let retry: NodeJS.Immediate | undefined
  let halted = false

  function drain() {
    retry = undefined
    while (waiting.length > 0 && !halted) {
      try {
        replica.apply(decodeStreamEvent(waiting[0]))
        waiting.shift()
      } catch (error) {
        if (error instanceof ReplicaBusyError) {
          retry = setImmediate(drain)
          return
        }
        halted = true
        waiting.length = 0
        fail(error)
      }
    }
  }

  return {
    /** The edge sends each event once, in order, from the `nextSeq` this worker asked for. */
    receive(events: Uint8Array[]) {
      for (const event of events) waiting.push(event)
      if (retry === undefined) drain()
    },
  }
}

function sameContext(a: BlockContext, b: BlockContext): boolean {
  return (
    a.number === b.number &&
    a.timestamp === b.timestamp &&
    a.baseFeePerGas === b.baseFeePerGas &&
    a.gasLimit === b.gasLimit &&
    Buffer.compare(a.coinbase, b.coinbase) === 0 &&
    Buffer.compare(a.prevRandao, b.prevRandao) === 0
  )
}

function detailsOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}

if (parentPort) await runReadWorker(parentPort, workerData as ReadWorkerInit)
