import { createBlock, type Block as EthjsBlock } from '@ethereumjs/block'
import type { Common } from '@ethereumjs/common'
import { createTxFromRLP, type TypedTransaction } from '@ethereumjs/tx'
import { Address } from '@ethereumjs/util'
import { runTx, type VM } from '@ethereumjs/vm'
import {
  type BlockContext,
  type BlockSource,
  type BlockTraceEntry,
  blockContextOf,
  ErrorCode,
  RtevmError,
  type SealedTransaction,
  type Tracer,
  type TracerSpec,
  type TransactionRecord,
} from '@rtevm/protocol'
import { hexFromBytes, type RamState, type StateHistory } from '../state/index.ts'
import { createSharedTxCommon } from './chainCommon.ts'
import type { TracingCaller } from './createCaller.ts'
import { createTxTracer } from './trace/index.ts'

/** What traces read: the chain's blocks and transactions, and the live state with its reverse diffs (a replica). */
export type TraceSource = BlockSource & {
  readonly state: RamState
  readonly history: Pick<StateHistory, 'rewind'>
  /** The context of the block still open (its transactions run in it). */
  pendingBlockContext(): BlockContext
}

export type TracerOptions = {
  /** Its VM runs the traces, serialized with its calls. */
  caller: TracingCaller
  chain: TraceSource
}

/**
 * Traces re-execute: inside a checkpoint that is always reverted, the state
 * is rewound to the end of the block before, the block's earlier transactions
 * are replayed with runTx (plain transfers too: the sequencer's fast path has
 * runTx's effects), and the traced one runs with the tracer's hooks.
 */
export function createTracer({ caller, chain }: TracerOptions): Tracer {
  let txCommon: Common | undefined

  function decode(vm: VM, sealed: SealedTransaction): TypedTransaction {
    txCommon ??= createSharedTxCommon(vm.common)
    const tx = createTxFromRLP(sealed.raw, { common: txCommon, freeze: false })
    // The sender admission recovered: the chain carries it, so nothing is recovered again.
    const sender = new Address(sealed.from)
    tx.getSenderAddress = () => sender
    return tx
  }

  function sealedTx(hash: Uint8Array, blockNumber: bigint): SealedTransaction {
    const record = chain.getTransaction(hash)
    if (!record) {
      throw new RtevmError(
        ErrorCode.NotFound,
        `transaction 0x${hexFromBytes(hash)} of block ${blockNumber} is no longer kept by this node`,
      )
    }
    return record.tx
  }

  /** Runs `work` on the state at the end of `blockNumber - 1`, then reverts everything. */
  function atStartOf<T>(blockNumber: bigint, work: (vm: VM) => Promise<T>): Promise<T> {
    return caller.exclusive(async (vm) => {
      const { state } = chain
      const depth = state.depth()
      state.checkpoint()
      try {
        if (blockNumber > 0n) chain.history.rewind(state, blockNumber - 1n)
        return await work(vm)
      } finally {
        // EthereumJS may leave inner checkpoints open when it throws from deep inside.
        while (state.depth() > depth) state.revert()
      }
    })
  }

  /** Runs one of the chain's transactions as the sequencer did; a refusal here means the replay diverged. */
  async function execute(vm: VM, block: EthjsBlock, sealed: SealedTransaction, tx = decode(vm, sealed)) {
    try {
      return await runTx(vm, { tx, block, skipHardForkValidation: true, skipBlockGasLimitValidation: true })
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause)
      const hash = hexFromBytes(sealed.hash)
      throw new RtevmError(ErrorCode.Internal, `re-executing transaction 0x${hash} failed`, {
        details: reason,
        cause,
      })
    }
  }

  async function traced(
    vm: VM,
    block: EthjsBlock,
    sealed: SealedTransaction,
    spec: TracerSpec,
    firstLogIndex: number,
  ) {
    const tracer = createTxTracer(spec)
    const tx = decode(vm, sealed)
    const stop = tracer.start({ vm, tx, from: sealed.from, block, state: chain.state, firstLogIndex })
    try {
      const outcome = await execute(vm, block, sealed, tx)
      return { result: tracer.result(outcome), logs: outcome.receipt.logs.length }
    } finally {
      stop()
    }
  }

  /** The open block's transactions in its mini-blocks up to `upTo` (one of them), in order. */
  function openTransactions(upTo: bigint): SealedTransaction[] {
    const own = chain.getMiniBlock(upTo)
    const found: SealedTransaction[] = []
    for (let n = upTo - BigInt(own?.indexInBlock ?? 0); n <= upTo; n++) {
      const miniBlock = chain.getMiniBlock(n)
      if (!miniBlock) {
        throw new RtevmError(ErrorCode.NotFound, `mini-block ${n} is no longer kept by this node`)
      }
      found.push(...miniBlock.transactions)
    }
    return found
  }

  /** The context and the earlier transactions of a transaction's block, sealed or still open. */
  function placeOf(record: TransactionRecord) {
    const sealed = chain.getBlockByNumber(record.blockNumber)
    if (sealed) {
      const before = sealed.transactionHashes.slice(0, record.txIndex)
      return {
        context: blockContextOf(sealed.header),
        before: before.map((h) => sealedTx(h, record.blockNumber)),
      }
    }
    // The open block: its mini-blocks so far hold its earlier transactions.
    const before = openTransactions(record.miniBlockNumber)
    return { context: chain.pendingBlockContext(), before: before.slice(0, record.txIndex) }
  }

  /**
   * A block's context and transactions: a sealed block's, or the open block's as of the
   * newest mini-block (none when the newest mini-block is still the sealed block's).
   */
  function contentsOf(blockNumber: bigint) {
    const sealed = chain.getBlockByNumber(blockNumber)
    if (sealed) {
      const transactions = sealed.transactionHashes.map((h) => sealedTx(h, blockNumber))
      return { context: blockContextOf(sealed.header), transactions }
    }
    const context = chain.pendingBlockContext()
    if (blockNumber !== context.number)
      throw new RtevmError(ErrorCode.NotFound, `block ${blockNumber} not found`)
    const newest = chain.getMiniBlock(chain.head().miniBlock)
    const transactions = newest?.blockNumber === blockNumber ? openTransactions(newest.number) : []
    return { context, transactions }
  }

  return {
    async traceTransaction(hash, spec) {
      const record = chain.getTransaction(hash)
      if (!record) throw new RtevmError(ErrorCode.NotFound, `transaction 0x${hexFromBytes(hash)} not found`)
      return atStartOf(record.blockNumber, async (vm) => {
        // Read in turn: the block may have sealed while this trace waited.
        const { context, before } = placeOf(record)
        const block = blockOf(vm, context)
        for (const sealed of before) await execute(vm, block, sealed)
        return (await traced(vm, block, record.tx, spec, record.firstLogIndex)).result
      })
    },
    async traceBlock(blockNumber, spec) {
      const { context, transactions } = contentsOf(blockNumber)
      if (transactions.length === 0) return []
      return atStartOf(blockNumber, async (vm) => {
        const block = blockOf(vm, context)
        const entries: BlockTraceEntry[] = []
        let logIndex = 0
        for (const tx of transactions) {
          const { result, logs } = await traced(vm, block, tx, spec, logIndex)
          entries.push({ txHash: tx.hash, result })
          logIndex += logs
        }
        return entries
      })
    },
    async traceCall(request, spec, override) {
      const at = request.atBlock
      const header = at === undefined ? undefined : chain.getBlockByNumber(at)?.header
      if (at !== undefined && !header) throw new RtevmError(ErrorCode.NotFound, `block ${at} not found`)
      const base = header ? blockContextOf(header) : chain.pendingBlockContext()
      const context = override ? override(base) : base
      const tracer = createTxTracer(spec)
      let result: unknown = null
      await caller.observeCall(request, context, (vm, tx, block) => {
        const from = tx.getSenderAddress().bytes
        const stop = tracer.start({ vm, tx, from, block, state: chain.state, firstLogIndex: 0 })
        return {
          finish(outcome) {
            result = tracer.result(outcome)
          },
          stop,
        }
      })
      return result
    },
  }
}

/** The EVM block for `context`, built as the sequencer's executor builds it. */
function blockOf(vm: VM, context: BlockContext): EthjsBlock {
  return createBlock(
    {
      header: {
        number: context.number,
        timestamp: context.timestamp,
        baseFeePerGas: context.baseFeePerGas,
        gasLimit: context.gasLimit,
        coinbase: context.coinbase,
        mixHash: context.prevRandao,
      },
    },
    { common: vm.common, skipConsensusFormatValidation: true },
  )
}
