import { join } from 'node:path'
import type { StateDiff } from '@rtevm/protocol'
import { ErrorCode, encodeGenesis, encodeWitness, RtevmError } from '@rtevm/protocol'
import { commitDiffTo } from '../block/index.ts'
import { createStateCommitment } from '../commitment/index.ts'
import type { SequencerConfig } from '../config/index.ts'
import { createBackgroundCompiler, createCompilerStats } from '../evmCompiler/index.ts'
import {
  createAdaptiveRecovery,
  createChainCommon,
  createExecutor,
  createInlineRecovery,
  createRecoveryPool,
  createTransactionDecoder,
  type Executor,
} from '../executor/index.ts'
import { applyGenesis, deriveDevAccounts, describeGenesis, genesisAccounts } from '../genesis/index.ts'
import { createMempool, type Mempool } from '../mempool/index.ts'
import { createRamState, hexFromBytes } from '../state/index.ts'
import { createBlockWitnesses } from '../witness/index.ts'
import type { Admitted } from './admission.ts'
import { createChainClock } from './chainClock.ts'
import { createAdmission } from './createAdmission.ts'
import { createBlockProducer, createGenesisBlock } from './createBlockProducer.ts'
import { createChainHistory } from './createChainHistory.ts'
import { createChainSnapshots } from './createChainSnapshots.ts'
import { createDevCommands } from './createDevCommands.ts'
import { createExecutionPump } from './createExecutionPump.ts'
import { createPublisher } from './createPublisher.ts'
import { createReorg } from './createReorg.ts'
import {
  DataLogFailedError,
  DevMethodsDisabledError,
  NotImpersonatedError,
  ShuttingDownError,
} from './errors.ts'
import { createFinalityGate } from './finalityGate.ts'
import { genesisBlock } from './genesisBlock.ts'
import { openSequencerStore } from './openSequencerStore.ts'
import { resealOpenBlock } from './resealOpenBlock.ts'
import type { Sequencer } from './Sequencer.ts'
import { createSnapshotter } from './snapshotter.ts'
import { newTiming, record } from './timing.ts'
import { createWitnessFiles } from './witnessFiles.ts'

export type { Sequencer, SequencerStats } from './Sequencer.ts'

export async function createSequencer(config: SequencerConfig): Promise<Sequencer> {
  const common = createChainCommon(config.chainId)
  const devAccounts = deriveDevAccounts(config.mnemonic, config.devAccountCount)
  const genesisState = () => {
    const genesis = createRamState()
    applyGenesis(genesis, devAccounts, config.devAccountBalance, config.alloc)
    return genesis
  }
  const store = await openSequencerStore({
    dataDir: config.dataDir,
    genesis: genesisState,
    history: { events: config.historyLimit, bytes: config.historyBytesLimit },
    genesisAccounts: genesisAccounts(config, devAccounts),
  })
  const { state, history: log, resume } = store
  const commitment = createStateCommitment()
  const stateRootMs = newTiming()
  const blockSealMs = newTiming()
  const commitToRoot = commitDiffTo(commitment)
  const commitDiff = (diff: StateDiff) => {
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
    idle: () => pump.quietFor(QUIET_BEFORE_INLINE_MS),
  })
  const decoder = createTransactionDecoder(common, recovery)
  // Execution reads through the witness recorder, so each block's witness proves every key it touched.
  const witnesses = config.witnesses ? createBlockWitnesses({ state, commitment }) : undefined
  // Hot contract code is compiled on a worker thread; the transaction that makes it hot does not wait,
  // and the compiled code is loaded once the pump drains (or after at most 100 ms of load).
  const compiler = config.compileContracts
    ? createBackgroundCompiler({ idle: () => !pump.isPumping() })
    : undefined
  const compilerStats = createCompilerStats()
  const executor: Executor = await createExecutor({
    common,
    state: witnesses?.state ?? state,
    fastTransfers: config.fastTransfers,
    leanCalls: config.leanCalls,
    compileContracts: config.compileContracts,
    compiler: compiler && { background: compiler, stats: compilerStats },
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
  const clock = createChainClock()
  const latest = resume?.latestBlock ?? createGenesisBlock(config, clock, startRoot)
  const block0 = await genesisBlock({
    dataDir: config.dataDir,
    fresh: resume ? undefined : latest,
    log: store.local?.log,
  })
  const genesis = describeGenesis(config, genesisState(), block0)
  const encodedGenesis = encodeGenesis(genesis)
  const finality = createFinalityGate({
    verifiers: config.verifiers,
    finalized: resume?.finalized ?? 0n,
    blocks: resume?.blocks ?? [latest],
  })
  const witnessFiles =
    config.dataDir !== undefined && witnesses
      ? createWitnessFiles(join(config.dataDir, 'witnesses'), WITNESSES_ON_DISK)
      : undefined
  const publisher = createPublisher({ da: store.da, history: log, lastSeq: resume?.lastSeq ?? 0n })
  const snapshotter = store.local
    ? createSnapshotter({
        ...store.local,
        everyBlocks: config.snapshotEveryBlocks,
        keepEvents: config.historyLimit,
      })
    : undefined
  // Where a rollback can reach back to: this run's blocks (a restart starts afresh).
  const history = config.devMethods
    ? createChainHistory(config.stateHistory, {
        block: latest,
        miniBlockNumber: resume ? (resume.openMiniBlocks[0]?.number ?? resume.miniBlockNumber + 1n) - 1n : 0n,
      })
    : undefined
  const chain = createBlockProducer({
    config,
    clock,
    executor,
    state,
    publisher,
    finality,
    commitDiff,
    blockSealMs,
    witnesses,
    witnessFiles,
    snapshotter,
    history,
    latest,
    miniBlockNumber: resume?.miniBlockNumber ?? 0n,
    lastTimestampUs: resume?.openMiniBlocks.at(-1)?.timestampUs ?? 0n,
  })
  const pump = createExecutionPump({ config, executor, mempool, state, chain, publisher, witnesses })
  const snapshots = createChainSnapshots({
    state,
    mempool,
    clock,
    chain,
    pump,
    finality,
    publisher,
    commitDiff,
    witnesses,
    history,
  })
  const devCommands = createDevCommands({ state, mempool, clock, chain, pump, snapshots })
  const reorg = createReorg({
    pump,
    chain,
    snapshots,
    decoder,
    admit: (decoded) => admission.admit(decoded),
    isImpersonated: devCommands.isImpersonated,
  })
  let closed = false
  const admission = createAdmission({
    config,
    decoder,
    mempool,
    state,
    pump,
    publisher,
    baseFeePerGas: () => chain.open().context.baseFeePerGas,
    isClosed: () => closed,
  })

  if (!resume) await publisher.publish({ kind: 'block', block: latest })
  else if (resume.openMiniBlocks.length > 0) {
    await resealOpenBlock(
      { state, executor, decoder, recordWitness: witnesses !== undefined, chain, pump, publisher },
      resume.openMiniBlocks,
    )
  }

  const timer = setInterval(() => {
    if (!reorg.holdsBlocks()) pump.blockIntervalElapsed()
  }, config.blockIntervalMs)
  timer.unref?.()

  return {
    config,
    devAccounts,
    genesis,
    encodedGenesis: () => Promise.resolve(encodedGenesis),
    submit: admission.submit,
    async submitAs(from, raw) {
      if (closed) throw new ShuttingDownError()
      if (!config.devMethods) throw new DevMethodsDisabledError()
      if (!devCommands.isImpersonated(from)) throw new NotImpersonatedError(`0x${hexFromBytes(from)}`)
      return admission.admit(decoder.decodeAs(raw, from))
    },
    dev(command) {
      if (closed) return Promise.reject(new ShuttingDownError())
      if (!config.devMethods) return Promise.reject(new DevMethodsDisabledError())
      if (command.op === 'reorg') {
        return reorg.run(command).then(async (value) => {
          await publisher.durable()
          return { value, seq: publisher.lastSeq() }
        })
      }
      return pump
        .atBoundary(() => {
          const value = devCommands.run(command)
          return { value, seq: publisher.lastSeq(), durable: publisher.durable() }
        })
        .then(async ({ value, seq, durable }) => {
          await durable
          return { value, seq }
        })
    },
    events: log,
    state,
    latestBlock: () => chain.latest(),
    sealBlock() {
      if (publisher.failure() !== undefined)
        return Promise.reject(new DataLogFailedError(publisher.failure()))
      return pump.requestBlock()
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
      void publisher.publish({ kind: 'finality', finalized, attestation }).catch(() => {})
      const seq = publisher.lastSeq()
      await publisher.durable()
      return { value: finalized, seq }
    },
    stats: () => ({
      miniBlocks: chain.miniBlockNumber(),
      blocks: chain.latest().header.number,
      transactions: chain.transactions(),
      mempoolSize: mempool.size(),
      stateRootMs: { ...stateRootMs },
      blockSealMs: { ...blockSealMs },
      snapshots: snapshotter?.stats() ?? { written: 0, lastError: undefined },
      compiler: compiler && { ...compilerStats },
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
      while (pump.isPumping()) await new Promise((resolve) => setImmediate(resolve))
      await compiler?.close()
      const open = pump.hasOpenMiniBlock() || chain.open().miniBlockCount() > 0
      if (store.local && publisher.failure() === undefined && open) pump.sealBlockNow()
      await publisher.durable().catch(() => {})
      await snapshotter?.close()
      await witnessFiles?.flush()
      await store.da.close()
    },
  }
}

/** How long the pump must have been idle before a transaction's sender is recovered inline. */
const QUIET_BEFORE_INLINE_MS = 0.2
/** Witnesses kept on disk: enough for a verifier to catch up after a restart. */
const WITNESSES_ON_DISK = 4096
