import { join } from 'node:path'
import type {
  Attestation,
  Block,
  DevCommand,
  DevResult,
  MiniBlock,
  Receipt,
  SealedTransaction,
  StateDiff,
  TxInclusion,
} from '@rtevm/protocol'
import { ErrorCode, encodeStreamEvent, encodeWitness, RtevmError, type StreamEvent } from '@rtevm/protocol'
import {
  applyStateDiff,
  type BlockBuilder,
  commitDiffTo,
  createBlockBuilder,
  logsBloom,
} from '../block/index.ts'
import { createStateCommitment } from '../commitment/index.ts'
import type { SequencerConfig } from '../config/index.ts'
import {
  type BlockContext,
  createAdaptiveRecovery,
  createChainCommon,
  createExecutor,
  createInlineRecovery,
  createRecoveryPool,
  createTransactionDecoder,
  type DecodedTransaction,
  type Executor,
} from '../executor/index.ts'
import { applyGenesis, type DevAccount, deriveDevAccounts, genesisAccounts } from '../genesis/index.ts'
import { createMempool, type Mempool } from '../mempool/index.ts'
import { bytesFromHex, createRamState, hexFromBytes, type RamState } from '../state/index.ts'
import type { EventLog } from '../stream/index.ts'
import { createBlockWitnesses } from '../witness/index.ts'
import { type Admitted, toPoolTransaction } from './admission.ts'
import { applyStateEdit, isStateEdit } from './applyStateEdit.ts'
import { createChainClock } from './chainClock.ts'
import {
  DataLogFailedError,
  DevMethodsDisabledError,
  InvalidDevCommandError,
  NotImpersonatedError,
  ShuttingDownError,
} from './errors.ts'
import { createFinalityGate } from './finalityGate.ts'
import { openSequencerStore } from './openSequencerStore.ts'
import { rejectionOf } from './rejections.ts'
import { createSnapshotter } from './snapshotter.ts'
import { newTiming, record, type Timing } from './timing.ts'
import { createWitnessFiles } from './witnessFiles.ts'

export type SequencerStats = {
  miniBlocks: bigint
  blocks: bigint
  transactions: bigint
  mempoolSize: number
  /** Time spent computing state roots, over all blocks and for the slowest one. */
  stateRootMs: Timing
  /** Time spent sealing blocks (state, transactions and receipts roots, header hash). */
  blockSealMs: Timing
  /** Background state snapshots (with a data directory). */
  snapshots: { written: number; lastError: unknown }
}

/**
 * The RAM-resident sequencer: admits signed transactions, executes each on
 * arrival, seals mini-blocks when the queue drains or `miniBlockMaxWorkUs` of
 * work has accumulated, and seals an EVM block with its state root every
 * `blockIntervalMs`.
 */
export type Sequencer = {
  readonly config: SequencerConfig
  readonly devAccounts: readonly DevAccount[]
  /** Admits `raw` and resolves once its mini-block is sealed. Rejects with a typed error. */
  submit(raw: Uint8Array): Promise<TxInclusion>
  /**
   * Devnet: admits `raw` as sent by the impersonated `from`, its signature
   * ignored. Refused unless dev methods are on and `from` is impersonated.
   */
  submitAs(from: Uint8Array, raw: Uint8Array): Promise<TxInclusion>
  /**
   * Devnet: applies a state edit or chain control between transactions. A
   * state edit is published as a mini-block without transactions whose diff
   * carries it, so every follower sees it.
   */
  dev(command: DevCommand): Promise<DevResult>
  /** The outgoing stream of mini-blocks and blocks (numbered from 1). */
  readonly events: Pick<EventLog, 'head' | 'readFrom' | 'subscribe'>
  /** Read access to the live state (tests, diagnostics, the in-process replica). */
  readonly state: Pick<
    RamState,
    'getAccount' | 'getStorage' | 'getCode' | 'accountCount' | 'accounts' | 'storageOf'
  >
  latestBlock(): Block
  /**
   * Seals the open EVM block (after sealing any open mini-block). While the
   * pump is running, the block is sealed between transactions, never during one.
   */
  sealBlock(): Promise<Block>
  /** `encodeWitness` bytes of a recent sealed block (the newest 64), for stateless verifiers. */
  witness(blockNumber: bigint): Promise<Uint8Array>
  /**
   * Takes a verifier's attestation of a recent block: checks its signature
   * and signer (`config.verifiers`) and the block it names, advances
   * finality when the chain of ok attestations grows, and publishes it as a
   * `finality` stream event. Resolves with the finalized block number.
   */
  attest(attestation: Attestation): Promise<DevResult>
  stats(): SequencerStats
  close(): Promise<void>
}

export async function createSequencer(config: SequencerConfig): Promise<Sequencer> {
  const common = createChainCommon(config.chainId)
  const devAccounts = deriveDevAccounts(config.mnemonic, config.devAccountCount)
  const store = await openSequencerStore({
    dataDir: config.dataDir,
    genesis() {
      const genesis = createRamState()
      applyGenesis(genesis, devAccounts, config.devAccountBalance, config.alloc)
      return genesis
    },
    history: { events: config.historyLimit, bytes: config.historyBytesLimit },
    genesisAccounts: genesisAccounts(config, devAccounts),
  })
  const { state, history: log } = store
  const commitment = createStateCommitment()
  const stateRootMs = newTiming()
  const blockSealMs = newTiming()
  const commitToRoot = commitDiffTo(commitment)
  const commitDiff = (diff: Parameters<typeof commitToRoot>[0]) => {
    const started = performance.now()
    const root = commitToRoot(diff)
    record(stateRootMs, performance.now() - started)
    return root
  }
  // Genesis, or after a restart the whole recovered state: its first diff is everything.
  const startRoot = commitDiff(state.takeDiff())
  // A lone transaction reaching an idle sequencer is recovered inline (~60 µs) rather than
  // paying two thread hops; under load, recovery stays on the worker threads.
  const recovery = createAdaptiveRecovery({
    pool: createRecoveryPool({ workers: config.recoveryWorkers }),
    inline: createInlineRecovery(),
    // Idle, and for a while: under load the pump restarts within microseconds of draining, and
    // recovery must stay off the execution thread; a lone transaction finds it quiet for longer.
    idle: () => !pumping && performance.now() - pumpEndedAt >= QUIET_BEFORE_INLINE_MS,
  })
  await recovery.ready()
  const decoder = createTransactionDecoder(common, recovery)
  // Execution reads through the witness recorder, so each block's witness proves every key it touched.
  const witnesses = config.witnesses ? createBlockWitnesses({ state, commitment }) : undefined
  const executor: Executor = await createExecutor({
    common,
    state: witnesses?.state ?? state,
    fastTransfers: config.fastTransfers,
  })
  const mempool: Mempool = createMempool(config.mempool, {
    onStale: (tx) =>
      (tx.payload as Admitted).reject(
        new RtevmError(
          ErrorCode.NonceTooLow,
          `transaction ${tx.hash} dropped: its nonce ${tx.nonce} is already used`,
        ),
      ),
  })
  const coinbase = bytesFromHex(config.coinbase)
  const clock = createChainClock()
  const impersonated = new Set<string>()

  const resume = store.resume
  let latest = resume?.latestBlock ?? createGenesisBlock(startRoot)
  const finality = createFinalityGate({
    verifiers: config.verifiers,
    finalized: resume?.finalized ?? 0n,
    blocks: resume?.blocks ?? [latest],
  })
  const witnessFiles =
    config.dataDir !== undefined && witnesses
      ? createWitnessFiles(join(config.dataDir, 'witnesses'), WITNESSES_ON_DISK)
      : undefined
  let block = openBlock(latest)
  let miniBlockNumber = resume?.miniBlockNumber ?? 0n
  let lastTimestampUs = resume?.openMiniBlocks.at(-1)?.timestampUs ?? 0n
  let transactions = 0n
  let closed = false
  // Seq of the next stream event; events reach followers only once durable, in seq order.
  let nextSeq = (resume?.lastSeq ?? 0n) + 1n
  // The newest publication: awaiting it awaits every earlier one (appends settle in order).
  let lastDurable: Promise<void> = Promise.resolve()
  let storeFailure: unknown
  const snapshotter = store.local
    ? createSnapshotter({
        ...store.local,
        everyBlocks: config.snapshotEveryBlocks,
        keepEvents: config.historyLimit,
      })
    : undefined

  // The open mini-block. Invariant: non-empty whenever defined.
  let mini:
    | { admitted: Admitted[]; receipts: Receipt[]; blooms: Uint8Array[]; gasUsed: bigint; startNs: bigint }
    | undefined
  let pumping = false
  let pumpEndedAt = 0
  let blockDue = false
  // Callers of sealBlock() waiting for the pump to reach a transaction boundary.
  let blockWaiters: ((block: Block) => void)[] = []
  // Dev commands waiting for the pump to reach a transaction boundary.
  let boundaryTasks: (() => void)[] = []

  if (!resume) await publish({ kind: 'block', block: latest })
  else if (resume.openMiniBlocks.length > 0) {
    // The block open at the crash is sealed now, from the mini-blocks the log kept. The
    // state is the parent block's: its witness needs what those transactions read, so they
    // are re-run once and reverted; the state itself comes from the logged diffs.
    if (witnesses) await recordOpenBlockReads(resume.openMiniBlocks)
    for (const miniBlock of resume.openMiniBlocks) {
      applyStateDiff(state, miniBlock.stateDiff, miniBlock.blockNumber)
      block.addMiniBlock(
        miniBlock,
        miniBlock.receipts.map((receipt) => logsBloom(receipt.logs)),
      )
    }
    // The mini-blocks carry these diffs already: none of it belongs in the next one.
    state.takeDiff()
    sealBlockNow()
    await lastDurable
  }

  async function recordOpenBlockReads(miniBlocks: readonly MiniBlock[]) {
    state.checkpoint()
    try {
      let gasUsed = 0n
      for (const miniBlock of miniBlocks) {
        for (const tx of miniBlock.transactions) {
          const outcome = await executor.execute(decoder.decodeAs(tx.raw, tx.from), gasUsed)
          gasUsed += outcome.receipt.gasUsed
        }
      }
    } catch {
      // A transaction that no longer runs the same way leaves a partial witness: verifiers will say so.
    } finally {
      state.revert()
    }
  }

  const timer = setInterval(() => {
    if (pumping) blockDue = true
    else sealBlockNow()
  }, config.blockIntervalMs)
  timer.unref?.()

  function createGenesisBlock(stateRoot: Uint8Array): Block {
    const genesis = createBlockBuilder(blockContext(0n, clock.nextTimestamp(0n)), () => stateRoot)
    return genesis.seal(new Uint8Array(32))
  }

  function blockContext(number: bigint, timestamp: bigint): BlockContext {
    return {
      number,
      timestamp,
      baseFeePerGas: config.baseFeePerGas,
      gasLimit: config.blockGasLimit,
      coinbase,
      prevRandao: new Uint8Array(32),
    }
  }

  function openBlock(parent: Block): BlockBuilder {
    const context = blockContext(parent.header.number + 1n, clock.nextTimestamp(parent.header.timestamp))
    executor.openBlock(context)
    if (!witnesses) return createBlockBuilder(context, commitDiff)
    return createBlockBuilder(context, (diff) => {
      // Proven against the parent root: before the block's diff reaches the commitment.
      const witness = witnesses.seal(context.number, diff)
      witnessFiles?.put(context.number, encodeWitness(witness))
      return commitDiff(diff)
    })
  }

  function sealMiniBlock() {
    if (!mini) return
    const open = mini
    mini = undefined
    const sealed: SealedTransaction[] = open.admitted.map(({ decoded }) => ({
      raw: decoded.raw,
      hash: decoded.hash,
      from: decoded.from,
    }))
    const miniBlock = emitMiniBlock(sealed, open.receipts, open.blooms, open.gasUsed, state.takeDiff())
    // A receipt means the transaction is in the durable log (the reliability contract).
    lastDurable.then(
      () => {
        for (let i = 0; i < open.admitted.length; i++) {
          open.admitted[i].resolve({
            hash: sealed[i].hash,
            miniBlockNumber: miniBlock.number,
            blockNumber: miniBlock.blockNumber,
            txIndex: miniBlock.firstTxIndex + i,
            receipt: open.receipts[i],
          })
        }
      },
      (error: unknown) => {
        for (const admitted of open.admitted) admitted.reject(new DataLogFailedError(error))
      },
    )
  }

  /**
   * Numbers `body` as the next stream event and appends it to the DA log;
   * once durable it goes to the in-RAM history (and so to followers). A
   * failed append stops the sequencer: nothing after it can be acknowledged.
   */
  function publish(
    body:
      | { kind: 'miniBlock'; miniBlock: MiniBlock }
      | { kind: 'block'; block: Block }
      | { kind: 'finality'; finalized: bigint; attestation: Attestation },
  ): Promise<void> {
    const event = { ...body, seq: nextSeq++ } as StreamEvent
    const encoded = encodeStreamEvent(event)
    lastDurable = store.da.append(event, encoded).then(
      () => {
        log.append(event, encoded)
      },
      (error: unknown) => {
        storeFailure ??= error
        throw error
      },
    )
    return lastDurable
  }

  /** Appends a mini-block to the open block and the stream. */
  function emitMiniBlock(
    sealed: SealedTransaction[],
    receipts: Receipt[],
    blooms: Uint8Array[],
    gasUsed: bigint,
    stateDiff: StateDiff,
  ): MiniBlock {
    const nowUs = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000))
    lastTimestampUs = nowUs > lastTimestampUs ? nowUs : lastTimestampUs + 1n
    const miniBlock: MiniBlock = {
      number: ++miniBlockNumber,
      blockNumber: block.context.number,
      indexInBlock: block.miniBlockCount(),
      firstTxIndex: block.txCount(),
      timestampUs: lastTimestampUs,
      gasUsed,
      transactions: sealed,
      receipts,
      stateDiff,
    }
    block.addMiniBlock(miniBlock, blooms)
    transactions += BigInt(sealed.length)
    void publish({ kind: 'miniBlock', miniBlock }).catch(() => {})
    return miniBlock
  }

  function sealBlockNow(): Block {
    sealMiniBlock()
    blockDue = false
    const started = performance.now()
    const sealed = block.seal(latest.hash)
    finality.sealed(sealed)
    latest = sealed
    record(blockSealMs, performance.now() - started)
    const durable = publish({ kind: 'block', block: sealed })
    // Between transactions, with no checkpoint open: the state is exactly the block's post-state.
    snapshotter?.afterBlock(
      { seq: nextSeq - 1n, block: sealed, miniBlockNumber, meta: NO_META },
      state,
      durable,
    )
    block = openBlock(sealed)
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
    if (block.gasUsed() + (mini?.gasUsed ?? 0n) + tx.gasLimit > config.blockGasLimit) sealBlockNow()
    const blockGasUsed = block.gasUsed() + (mini?.gasUsed ?? 0n)
    const senderHex = `0x${hexFromBytes(admitted.decoded.from)}`
    let outcome: Awaited<ReturnType<Executor['execute']>>
    try {
      outcome = await executor.execute(admitted.decoded, blockGasUsed)
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
        const next = mempool.popReady(config.baseFeePerGas)
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
      // Idle now: prove what the open block touched so far, off the next seal's path.
      else witnesses?.prepare()
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

  /** Runs `task` now if no transaction is executing, else at the next transaction boundary. */
  function atBoundary<T>(task: () => T): Promise<T> {
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
  }

  function runDev(command: DevCommand): bigint {
    if (isStateEdit(command)) {
      applyStateEdit(state, command)
      sealMiniBlock()
      const diff = state.takeDiff()
      // An edit that changed nothing publishes nothing: mini-blocks are never empty.
      if (diff.accounts.length > 0) emitMiniBlock([], [], [], 0n, diff)
      const address = `0x${hexFromBytes(command.address)}`
      mempool.onNonceAdvanced(address, state.getAccount(address.slice(2))?.nonce ?? 0n)
      void pump()
      return 0n
    }
    switch (command.op) {
      case 'impersonate':
        impersonated.add(hexFromBytes(command.address))
        return 0n
      case 'stopImpersonating':
        impersonated.delete(hexFromBytes(command.address))
        return 0n
      case 'mine':
        return mine(command.blocks, command.intervalSeconds)
      case 'increaseTime': {
        const offset = clock.increase(command.seconds)
        retimeOpenBlock()
        return offset
      }
      case 'setNextBlockTimestamp':
        if (command.timestamp <= latest.header.timestamp) {
          throw new InvalidDevCommandError(
            `timestamp ${command.timestamp} is not after the latest block's ${latest.header.timestamp}`,
          )
        }
        clock.setNext(command.timestamp)
        retimeOpenBlock()
        return 0n
    }
  }

  function mine(blocks: bigint, intervalSeconds: bigint): bigint {
    if (blocks < 1n || blocks > MAX_MINED_BLOCKS) {
      throw new InvalidDevCommandError(`can mine 1 to ${MAX_MINED_BLOCKS} blocks at once, not ${blocks}`)
    }
    for (let i = 0n; i < blocks; i++) {
      if (i > 0n && intervalSeconds > 0n) {
        // The block opened by the previous seal is empty: re-open it at the spaced timestamp.
        clock.setNext(latest.header.timestamp + intervalSeconds)
        block = openBlock(latest)
      }
      sealBlockNow()
    }
    return latest.header.number
  }

  /** The open block takes the clock's new time: re-opened when it holds nothing, sealed otherwise. */
  function retimeOpenBlock() {
    sealMiniBlock()
    if (block.miniBlockCount() > 0) sealBlockNow()
    else block = openBlock(latest)
  }

  function admit(decoded: DecodedTransaction): Promise<TxInclusion> {
    if (storeFailure !== undefined) return Promise.reject(new DataLogFailedError(storeFailure))
    const rejection = rejectionOf(decoded, config)
    if (rejection) return Promise.reject(rejection)
    if (closed) return Promise.reject(new ShuttingDownError())
    return new Promise<TxInclusion>((resolve, reject) => {
      const admitted: Admitted = { decoded, resolve, reject }
      const senderHex = hexFromBytes(decoded.from)
      const account = state.getAccount(senderHex)
      const result = mempool.add(
        toPoolTransaction(admitted, `0x${senderHex}`, `0x${hexFromBytes(decoded.hash)}`),
        { nonce: account?.nonce ?? 0n, balance: account?.balance ?? 0n },
        config.baseFeePerGas,
      )
      if (result.replaced) {
        ;(result.replaced.payload as Admitted).reject(
          new RtevmError(
            ErrorCode.TransactionReplaced,
            `transaction ${result.replaced.hash} was replaced by a higher-fee one`,
          ),
        )
      }
      for (const evicted of result.evicted ?? []) {
        ;(evicted.payload as Admitted).reject(
          new RtevmError(
            ErrorCode.TransactionEvicted,
            `transaction ${evicted.hash} was evicted from a full mempool`,
            {
              retryable: true,
            },
          ),
        )
      }
      if (result.ready) void pump()
    })
  }

  async function submit(raw: Uint8Array): Promise<TxInclusion> {
    if (closed) throw new ShuttingDownError()
    if (storeFailure !== undefined) throw new DataLogFailedError(storeFailure)
    let decoded: DecodedTransaction
    try {
      decoded = await decoder.decode(raw)
    } catch (error) {
      throw closed ? new ShuttingDownError() : error
    }
    return admit(decoded)
  }

  return {
    config,
    devAccounts,
    submit,
    async submitAs(from, raw) {
      if (closed) throw new ShuttingDownError()
      if (!config.devMethods) throw new DevMethodsDisabledError()
      if (!impersonated.has(hexFromBytes(from))) throw new NotImpersonatedError(`0x${hexFromBytes(from)}`)
      return admit(decoder.decodeAs(raw, from))
    },
    dev(command) {
      if (closed) return Promise.reject(new ShuttingDownError())
      if (!config.devMethods) return Promise.reject(new DevMethodsDisabledError())
      return atBoundary(() => {
        const value = runDev(command)
        return { value, seq: nextSeq - 1n, durable: lastDurable }
      }).then(async ({ value, seq, durable }) => {
        await durable
        return { value, seq }
      })
    },
    events: log,
    state,
    latestBlock: () => latest,
    sealBlock() {
      if (storeFailure !== undefined) return Promise.reject(new DataLogFailedError(storeFailure))
      if (!pumping) {
        const sealed = sealBlockNow()
        return lastDurable.then(() => sealed)
      }
      blockDue = true
      return new Promise<Block>((resolve) => blockWaiters.push(resolve))
    },
    async witness(blockNumber) {
      const witness = witnesses?.get(blockNumber)
      if (witness) return encodeWitness(witness)
      const stored = await witnessFiles?.get(blockNumber)
      if (stored) return stored
      throw new RtevmError(ErrorCode.NotFound, `no witness retained for block ${blockNumber}`, {
        details: config.witnesses ? 'only the newest 64 blocks keep theirs' : 'witnesses are off',
      })
    },
    async attest(attestation) {
      if (closed) throw new ShuttingDownError()
      const finalized = finality.accept(attestation)
      void publish({ kind: 'finality', finalized, attestation }).catch(() => {})
      const seq = nextSeq - 1n
      await lastDurable
      return { value: finalized, seq }
    },
    stats: () => ({
      miniBlocks: miniBlockNumber,
      blocks: latest.header.number,
      transactions,
      mempoolSize: mempool.size(),
      stateRootMs: { ...stateRootMs },
      blockSealMs: { ...blockSealMs },
      snapshots: snapshotter?.stats() ?? { written: 0, lastError: undefined },
    }),
    async close() {
      if (closed) return
      closed = true
      clearInterval(timer)
      await recovery.close()
      for (const pending of [...mempool.pending(), ...mempool.queued()]) {
        mempool.remove(pending.hash)
        ;(pending.payload as Admitted).reject(new ShuttingDownError())
      }
      // A clean shutdown ends on a block boundary, so a restart resumes with every block's witness
      // (the block open at a crash is resealed from the log without one: verifiers cannot check it).
      while (pumping) await new Promise((resolve) => setImmediate(resolve))
      if (store.local && storeFailure === undefined && (mini || block.miniBlockCount() > 0)) sealBlockNow()
      await lastDurable.catch(() => {})
      await snapshotter?.close()
      await witnessFiles?.flush()
      await store.da.close()
    },
  }
}

const NO_META = new Uint8Array(0)
/** How long the pump must have been idle before a transaction's sender is recovered inline. */
const QUIET_BEFORE_INLINE_MS = 0.2
/** Witnesses kept on disk: enough for a verifier to catch up after a restart. */
const WITNESSES_ON_DISK = 4096

/** `anvil_mine` bound: every block stays in history, so one call cannot flood it. */
const MAX_MINED_BLOCKS = 10_000n
