import { type Block, type Receipt, type SealedTransaction, wallClockMs } from '@rtevm/protocol'
import type { SequencerConfig } from '../config/index.ts'
import type { Executor } from '../executor/index.ts'
import type { Mempool } from '../mempool/index.ts'
import { hexFromBytes, type RamState } from '../state/index.ts'
import type { BlockWitnesses } from '../witness/index.ts'
import type { Admitted } from './admission.ts'
import type { BlockProducer } from './createBlockProducer.ts'
import type { Publisher } from './createPublisher.ts'
import { DataLogFailedError } from './errors.ts'

/**
 * The hot path: executes ready transactions one at a time and gathers them
 * into the open mini-block, sealed when the queue drains or
 * `miniBlockMaxWorkUs` of work has accumulated. Block seals and dev commands
 * wait for a transaction boundary.
 */
export type ExecutionPump = {
  /** Runs until the mempool has nothing ready; returns at once if already running. */
  pump(): Promise<void>
  /** Seals the open mini-block, if any; its transactions get receipts once it is durable. */
  sealMiniBlock(): void
  /** Seals the open mini-block and the open block now (callers are at a transaction boundary). */
  sealBlockNow(): Block
  /** Seals the open block now if idle, else at the next transaction boundary; resolves once durable. */
  requestBlock(): Promise<Block>
  /** The block interval elapsed: seal now, or at the next boundary while executing. */
  blockIntervalElapsed(): void
  /** Runs `task` now if no transaction is executing, else at the next transaction boundary. */
  atBoundary<T>(task: () => T): Promise<T>
  isPumping(): boolean
  /** Idle, and for at least `ms` (under load the pump restarts within microseconds of draining). */
  quietFor(ms: number): boolean
  hasOpenMiniBlock(): boolean
}

export type ExecutionPumpDeps = {
  config: SequencerConfig
  executor: Executor
  mempool: Mempool
  state: RamState
  chain: BlockProducer
  publisher: Publisher
  witnesses: BlockWitnesses | undefined
}

type OpenMiniBlock = {
  admitted: Admitted[]
  receipts: Receipt[]
  blooms: Uint8Array[]
  gasUsed: bigint
  startNs: bigint
}

export function createExecutionPump(deps: ExecutionPumpDeps): ExecutionPump {
  const { config, executor, mempool, state, chain, publisher, witnesses } = deps
  // The open mini-block. Invariant: non-empty whenever defined.
  let mini: OpenMiniBlock | undefined
  let pumping = false
  let pumpEndedAt = 0
  let blockDue = false
  // Callers of requestBlock() waiting for the pump to reach a transaction boundary.
  let blockWaiters: ((block: Block) => void)[] = []
  // Dev commands waiting for the pump to reach a transaction boundary.
  let boundaryTasks: (() => void)[] = []

  function sealMiniBlock() {
    if (!mini) return
    const open = mini
    mini = undefined
    const sealed: SealedTransaction[] = open.admitted.map(({ decoded }) => ({
      raw: decoded.raw,
      hash: decoded.hash,
      from: decoded.from,
    }))
    const miniBlock = chain.emitMiniBlock(sealed, open.receipts, open.blooms, open.gasUsed, chain.takeDiff())
    const sealedAt = wallClockMs()
    // A receipt means the transaction is in the durable log (the reliability contract).
    publisher.durable().then(
      () => {
        const durableAt = publisher.durableAt()
        for (let i = 0; i < open.admitted.length; i++) {
          const { stamps } = open.admitted[i]
          stamps.sealed = sealedAt
          stamps.durable = durableAt
          open.admitted[i].resolve({
            hash: sealed[i].hash,
            miniBlockNumber: miniBlock.number,
            blockNumber: miniBlock.blockNumber,
            txIndex: miniBlock.firstTxIndex + i,
            receipt: open.receipts[i],
            stamps,
          })
        }
      },
      (error: unknown) => {
        for (const admitted of open.admitted) admitted.reject(new DataLogFailedError(error))
      },
    )
  }

  function sealBlockNow(): Block {
    sealMiniBlock()
    blockDue = false
    const { block: sealed, durable } = chain.sealBlock()
    const waiters = blockWaiters
    blockWaiters = []
    durable.then(
      () => {
        for (const resolve of waiters) resolve(sealed)
      },
      () => {},
    )
    return sealed
  }

  async function executeNext(admitted: Admitted) {
    const { tx } = admitted.decoded
    // A full block is sealed early; the transaction opens the next one.
    if (chain.open().gasUsed() + (mini?.gasUsed ?? 0n) + tx.gasLimit > config.blockGasLimit) sealBlockNow()
    const blockGasUsed = chain.open().gasUsed() + (mini?.gasUsed ?? 0n)
    const senderHex = `0x${hexFromBytes(admitted.decoded.from)}`
    let outcome: Awaited<ReturnType<Executor['execute']>>
    admitted.stamps.executing = wallClockMs()
    try {
      outcome = await executor.execute(admitted.decoded, blockGasUsed)
      admitted.stamps.executed = wallClockMs()
    } catch (error) {
      admitted.reject(error)
      mempool.onNonceAdvanced(senderHex, state.getAccount(senderHex.slice(2))?.nonce ?? 0n)
      return
    }
    if (!mini)
      mini = { admitted: [], receipts: [], blooms: [], gasUsed: 0n, startNs: process.hrtime.bigint() }
    mini.admitted.push(admitted)
    mini.receipts.push(outcome.receipt)
    mini.blooms.push(outcome.bloom)
    mini.gasUsed += outcome.receipt.gasUsed
    mempool.onNonceAdvanced(senderHex, tx.nonce + 1n)
  }

  async function pump() {
    if (pumping) return
    pumping = true
    const maxWorkNs = BigInt(config.miniBlockMaxWorkUs) * 1000n
    try {
      for (;;) {
        const next = mempool.popReady(chain.open().context.baseFeePerGas)
        if (!next) break
        await executeNext(next.payload as Admitted)
        if (boundaryTasks.length > 0) runBoundaryTasks()
        if (mini && process.hrtime.bigint() - mini.startNs >= maxWorkNs) {
          sealMiniBlock()
          if (blockDue) sealBlockNow()
          // Let I/O in (link frames, recovered senders, timers) between mini-blocks,
          // so admission keeps the pipeline full while execution continues.
          await new Promise<void>((resolve) => setImmediate(resolve))
        }
      }
      sealMiniBlock()
      if (blockDue) sealBlockNow()
      else {
        // Idle now: prove what the open block touched so far, and hash its transactions and
        // receipts tries, off the next seal's path.
        witnesses?.prepare()
        chain.open().prepare()
      }
    } finally {
      pumping = false
      pumpEndedAt = performance.now()
    }
    if (boundaryTasks.length > 0) runBoundaryTasks()
  }

  function runBoundaryTasks() {
    const tasks = boundaryTasks
    boundaryTasks = []
    for (const task of tasks) task()
  }

  return {
    pump,
    sealMiniBlock,
    sealBlockNow,
    requestBlock() {
      if (!pumping) {
        const sealed = sealBlockNow()
        return publisher.durable().then(() => sealed)
      }
      blockDue = true
      return new Promise<Block>((resolve) => blockWaiters.push(resolve))
    },
    blockIntervalElapsed() {
      if (pumping) blockDue = true
      else sealBlockNow()
    },
    atBoundary<T>(task: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const run = () => {
          try {
            resolve(task())
          } catch (error) {
            reject(error)
          }
        }
        if (pumping) boundaryTasks.push(run)
        else run()
      })
    },
    isPumping: () => pumping,
    quietFor: (ms) => !pumping && performance.now() - pumpEndedAt >= ms,
    hasOpenMiniBlock: () => mini !== undefined,
  }
}
