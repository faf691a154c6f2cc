import type { Block, MiniBlock, Receipt, SealedTransaction, TxInclusion } from '@rtevm/protocol'
import { ErrorCode, RtevmError } from '@rtevm/protocol'
import { createStateCommitment } from '../commitment/index.ts'
import type { SequencerConfig } from '../config/index.ts'
import {
  type BlockContext,
  createChainCommon,
  createExecutor,
  createRecoveryPool,
  createTransactionDecoder,
  type DecodedTransaction,
  type Executor,
} from '../executor/index.ts'
import { type DevAccount, deriveDevAccounts } from '../genesis/index.ts'
import { createMempool, type Mempool } from '../mempool/index.ts'
import { bytesFromHex, createRamState, hexFromBytes, type RamState } from '../state/index.ts'
import { type Admitted, toPoolTransaction } from './admission.ts'
import { type BlockBuilder, createBlockBuilder } from './createBlockBuilder.ts'
import { createEventLog, type EventLog } from './createEventLog.ts'
import { ShuttingDownError } from './errors.ts'
import { applyGenesis, commitDiffTo } from './genesisState.ts'
import { rejectionOf } from './rejections.ts'
import { newTiming, record, type Timing } from './timing.ts'

export type SequencerStats = {
  miniBlocks: bigint
  blocks: bigint
  transactions: bigint
  mempoolSize: number
  /** Time spent computing state roots, over all blocks and for the slowest one. */
  stateRootMs: Timing
  /** Time spent sealing blocks (state, transactions and receipts roots, header hash). */
  blockSealMs: Timing
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
  stats(): SequencerStats
  close(): Promise<void>
}

export async function createSequencer(config: SequencerConfig): Promise<Sequencer> {
  const common = createChainCommon(config.chainId)
  const state = createRamState()
  const devAccounts = deriveDevAccounts(config.mnemonic, config.devAccountCount)
  const commitment = createStateCommitment()
  applyGenesis(state, devAccounts, config.devAccountBalance, config.alloc)
  const stateRootMs = newTiming()
  const blockSealMs = newTiming()
  const commitToRoot = commitDiffTo(commitment)
  const commitDiff = (diff: Parameters<typeof commitToRoot>[0]) => {
    const started = performance.now()
    const root = commitToRoot(diff)
    record(stateRootMs, performance.now() - started)
    return root
  }
  const genesisRoot = commitDiff(state.takeDiff())
  const recovery = createRecoveryPool({ workers: config.recoveryWorkers })
  await recovery.ready()
  const decoder = createTransactionDecoder(common, recovery)
  const executor: Executor = await createExecutor({ common, state, fastTransfers: config.fastTransfers })
  const mempool: Mempool = createMempool(config.mempool, {
    onStale: (tx) =>
      (tx.payload as Admitted).reject(
        new RtevmError(
          ErrorCode.NonceTooLow,
          `transaction ${tx.hash} dropped: its nonce ${tx.nonce} is already used`,
        ),
      ),
  })
  const log = createEventLog({ events: config.historyLimit, bytes: config.historyBytesLimit })
  const coinbase = bytesFromHex(config.coinbase)

  let latest = createGenesisBlock(genesisRoot)
  log.append({ kind: 'block', seq: 1n, block: latest })
  let block = openBlock(latest)
  let miniBlockNumber = 0n
  let lastTimestampUs = 0n
  let transactions = 0n
  let closed = false

  // The open mini-block. Invariant: non-empty whenever defined.
  let mini:
    | { admitted: Admitted[]; receipts: Receipt[]; blooms: Uint8Array[]; gasUsed: bigint; startNs: bigint }
    | undefined
  let pumping = false
  let blockDue = false
  // Callers of sealBlock() waiting for the pump to reach a transaction boundary.
  let blockWaiters: ((block: Block) => void)[] = []

  const timer = setInterval(() => {
    if (pumping) blockDue = true
    else sealBlockNow()
  }, config.blockIntervalMs)
  timer.unref?.()

  function createGenesisBlock(stateRoot: Uint8Array): Block {
    const genesis = createBlockBuilder(blockContext(0n, nowSeconds()), () => stateRoot)
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
    // Block timestamps must strictly increase even when blocks are sealed faster than 1 per second.
    const now = nowSeconds()
    const timestamp = now > parent.header.timestamp ? now : parent.header.timestamp + 1n
    const context = blockContext(parent.header.number + 1n, timestamp)
    executor.openBlock(context)
    return createBlockBuilder(context, commitDiff)
  }

  function sealMiniBlock() {
    if (!mini) return
    const open = mini
    mini = undefined
    const nowUs = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000))
    lastTimestampUs = nowUs > lastTimestampUs ? nowUs : lastTimestampUs + 1n
    const sealed: SealedTransaction[] = open.admitted.map(({ decoded }) => ({
      raw: decoded.raw,
      hash: decoded.hash,
      from: decoded.from,
    }))
    const miniBlock: MiniBlock = {
      number: ++miniBlockNumber,
      blockNumber: block.context.number,
      indexInBlock: block.miniBlockCount(),
      firstTxIndex: block.txCount(),
      timestampUs: lastTimestampUs,
      gasUsed: open.gasUsed,
      transactions: sealed,
      receipts: open.receipts,
      stateDiff: state.takeDiff(),
    }
    block.addMiniBlock(miniBlock, open.blooms)
    transactions += BigInt(sealed.length)
    log.append({ kind: 'miniBlock', seq: log.nextSeq(), miniBlock })
    for (let i = 0; i < open.admitted.length; i++) {
      open.admitted[i].resolve({
        hash: sealed[i].hash,
        miniBlockNumber: miniBlock.number,
        blockNumber: miniBlock.blockNumber,
        txIndex: miniBlock.firstTxIndex + i,
        receipt: open.receipts[i],
      })
    }
  }

  function sealBlockNow(): Block {
    sealMiniBlock()
    blockDue = false
    const started = performance.now()
    latest = block.seal(latest.hash)
    record(blockSealMs, performance.now() - started)
    log.append({ kind: 'block', seq: log.nextSeq(), block: latest })
    block = openBlock(latest)
    const waiters = blockWaiters
    blockWaiters = []
    for (const resolve of waiters) resolve(latest)
    return latest
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
    } finally {
      pumping = false
    }
  }

  async function submit(raw: Uint8Array): Promise<TxInclusion> {
    if (closed) throw new ShuttingDownError()
    let decoded: DecodedTransaction
    try {
      decoded = await decoder.decode(raw)
    } catch (error) {
      throw closed ? new ShuttingDownError() : error
    }
    const rejection = rejectionOf(decoded, config)
    if (rejection) throw rejection
    if (closed) throw new ShuttingDownError()
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

  return {
    config,
    devAccounts,
    submit,
    events: log,
    state,
    latestBlock: () => latest,
    sealBlock() {
      if (!pumping) return Promise.resolve(sealBlockNow())
      blockDue = true
      return new Promise<Block>((resolve) => blockWaiters.push(resolve))
    },
    stats: () => ({
      miniBlocks: miniBlockNumber,
      blocks: latest.header.number,
      transactions,
      mempoolSize: mempool.size(),
      stateRootMs: { ...stateRootMs },
      blockSealMs: { ...blockSealMs },
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
    },
  }
}

function nowSeconds(): bigint {
  return BigInt(Math.floor(Date.now() / 1000))
}
