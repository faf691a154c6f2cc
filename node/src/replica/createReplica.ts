import { keccak_256 } from '@noble/hashes/sha3.js'
import type {
  BlockContext,
  BlockSource,
  ChainGenesis,
  ChainHead,
  EventFeed,
  EventListener,
  Prover,
  Rewound,
  StateHistoryReader,
  StateReader,
  StreamEvent,
} from '@rtevm/protocol'
import { ErrorCode, RtevmError } from '@rtevm/protocol'
import { applyStateDiff, ReplicaMismatchError, ZERO_HASH } from '../block/index.ts'
import {
  createMerkleTrie,
  createStateCommitment,
  type StateCommitment,
  storageCodec,
} from '../commitment/index.ts'
import { type ChainParams, chainParams, loadGenesis } from '../genesis/index.ts'
import {
  bytesFromHex,
  bytesToBigInt,
  createStateHistory,
  type HistoryWindow,
  hexFromBytes,
  type RamState,
  type StateAt,
  type StateHistory,
} from '../state/index.ts'
import { createBlockVerifier } from './createBlockVerifier.ts'
import { createChainIndex, type RetentionOptions } from './createChainIndex.ts'
import { ReplicaBusyError, ReplicaHaltedError, ReplicaSequenceError } from './errors.ts'

export type ReplicaOptions = RetentionOptions & {
  /** Past state kept in RAM for reads at older blocks (per-block reverse diffs). */
  history?: HistoryWindow
  /** Errors thrown by `onEvent` listeners; they never stop the replica. */
  onListenerError?: (error: unknown) => void
  /**
   * The events come from a sequencer in this same process, which derived each block's
   * transactions and receipts roots and logs bloom itself: they are not derived again (the
   * state root still is, on the replica's own commitment, which proofs need). Default false.
   */
  sameProcessSource?: boolean
}

/**
 * An in-process full node: applies the sequencer's stream without executing,
 * re-derives every EVM block's roots, and answers reads of the newest state
 * and of the retained history.
 */
export type Replica = StateReader &
  StateHistoryReader &
  BlockSource &
  EventFeed &
  Prover & {
    /** The genesis it started from, as the sequencer served it (a full node serves it on). */
    readonly genesis: ChainGenesis
    /** The chain's parameters, from the genesis. */
    readonly chain: ChainParams
    /**
     * The replica's live state, for `createCaller` (which only writes inside a
     * checkpoint it reverts). Any other write corrupts the replica.
     */
    readonly state: RamState
    /** The reverse diffs behind `stateAt`; `createCaller` rewinds `state` with them for calls at older blocks. */
    readonly history: Pick<StateHistory, 'rewind' | 'oldestBlock' | 'stats'>
    /**
     * Applies the next stream event (seq `lastSeq() + 1`). Throws ReplicaMismatchError and halts on a mismatch;
     * ReplicaBusyError (retry later) while a call's checkpoint is open or a hold is taken.
     * `encoded`: the event's `encodeStreamEvent` bytes when the caller has them (the history then
     * keeps those instead of encoding the mini-block again).
     */
    apply(event: StreamEvent, encoded?: Uint8Array): void
    /**
     * Freezes the newest state and chain index (every `latest`/`pending` read) until the returned
     * release is called: `apply` refuses events meanwhile and followers retry them in order.
     * Counted, so holds nest; a release counts once however often it is called.
     */
    hold(): () => void
    /** Whether an event was refused because of a hold and none has been applied since: new holds should wait for it. */
    heldBack(): boolean
    /** State root of the newest verified block. */
    stateRoot(): Uint8Array
    /** The error the replica halted on, if it did. */
    haltedBy(): unknown
    /** The context the next transaction would run in (for calls at `latest`/`pending`). */
    pendingBlockContext(): BlockContext
    /**
     * The root of `address`'s storage trie in the newest state, or at the end of `blockNumber`
     * (NOT_FOUND beyond the history window), computed from its slots (eth_getAccount).
     */
    storageRoot(address: Uint8Array, blockNumber?: bigint): Uint8Array
  }

/**
 * Builds the genesis state the sequencer served (`fetchGenesis`) and waits
 * for stream event 1. Throws `GenesisMismatchError` when the state's root is
 * not block 0's: such a replica never follows.
 */
export async function createReplica(genesis: ChainGenesis, options: ReplicaOptions = {}): Promise<Replica> {
  // No diff tracking: the replica never calls takeDiff (see RamStateOptions).
  const { state, commitment } = loadGenesis(genesis)
  const config = chainParams(genesis)
  const verifier = createBlockVerifier(commitment, { deriveRoots: !options.sameProcessSource })
  const index = createChainIndex(options)
  const history = createStateHistory(options.history)
  const listeners = new Set<EventListener>()
  const coinbase = bytesFromHex(config.coinbase)
  let lastSeq = 0n
  let root = commitment.root()
  let halted: unknown
  // Newest block the verifier pool finalized, as the sequencer's finality events say.
  let finalized = 0n
  // Log index within the open EVM block of the next mini-block's first log.
  let blockLogCount = 0
  let lastTimestampUs = 0n
  let context: BlockContext | undefined
  // The mini-blocks the event being applied abandoned (a rewind), for its listeners.
  let removed: Rewound | undefined
  // Holds taken (`hold`) and not yet released: no event is applied while any is.
  let holds = 0
  // An event was refused for a hold and none applied since (`heldBack`).
  let heldBack = false

  function applyEvent(event: StreamEvent, encoded: Uint8Array | undefined) {
    if (event.kind === 'miniBlock') {
      const { miniBlock } = event
      verifier.addMiniBlock(miniBlock)
      history.record(state, miniBlock.stateDiff, miniBlock.blockNumber)
      applyStateDiff(state, miniBlock.stateDiff, miniBlock.blockNumber)
      index.addMiniBlock(miniBlock, blockLogCount, encoded)
      for (const receipt of miniBlock.receipts) blockLogCount += receipt.logs.length
      lastTimestampUs = miniBlock.timestampUs
    } else if (event.kind === 'block') {
      const { block } = event
      if (block.header.number === 0n && Buffer.compare(block.hash, genesis.block.hash) !== 0) {
        const [expected, computed] = [block.hash, genesis.block.hash].map((h) => `0x${hexFromBytes(h)}`)
        throw new ReplicaMismatchError(0n, 'the genesis block hash', expected, computed)
      }
      verifier.verify(event.block)
      index.addBlock(event.block)
      root = event.block.header.stateRoot
      blockLogCount = 0
    } else if (event.kind === 'rewind') {
      const { rewind } = event
      const to = rewind.block.header.number
      const known = index.getBlockByNumber(to)
      if (!known || Buffer.compare(known.hash, rewind.block.hash) !== 0) {
        throw new ReplicaMismatchError(
          to,
          'the block a rewind returns to',
          show(rewind.block.hash),
          show(known?.hash),
        )
      }
      verifier.rewind(rewind)
      history.forgetAfter(to)
      applyStateDiff(state, rewind.stateDiff, to)
      removed = index.rewind(to, rewind.miniBlockNumber)
      root = rewind.block.header.stateRoot
      blockLogCount = 0
      lastTimestampUs = index.getMiniBlock(rewind.miniBlockNumber)?.timestampUs ?? lastTimestampUs
      if (finalized > to) finalized = to
    } else if (event.finalized > finalized) finalized = event.finalized
  }

  /** The StateReader over a RamState-keyed view (the live state, or the state at an older block). */
  function readerOf(view: Pick<StateAt, 'getAccount' | 'getStorage'>): StateReader {
    const account = (address: Uint8Array) => view.getAccount(hexFromBytes(address))
    return {
      getAccount(address) {
        const record = account(address)
        return record && { nonce: record.nonce, balance: record.balance, codeHash: record.codeHash }
      },
      getCode(address) {
        // Code is content-addressed and never removed, so the live state holds every past code.
        const record = account(address)
        return (record && state.getCode(record.codeHash)) ?? new Uint8Array(0)
      },
      getStorage: (address, slot) =>
        bytesToBigInt(view.getStorage(hexFromBytes(address), hexFromBytes(slot))),
    }
  }
  const live = readerOf(state)

  // The commitment of an older block's state, built on demand for proofs there; the last one is kept.
  let older: { hash: Uint8Array; commitment: StateCommitment } | undefined
  function commitmentAt(blockNumber: bigint): StateCommitment {
    const block = index.getBlockByNumber(blockNumber)
    if (!block) throw new RtevmError(ErrorCode.NotFound, `block ${blockNumber} not found`)
    if (older && Buffer.compare(older.hash, block.hash) === 0) return older.commitment
    const view = history.at(state, blockNumber)
    const built = createStateCommitment()
    for (const address of view.addresses()) {
      const bytes = bytesFromHex(address)
      for (const [slot, value] of view.storageOf(address)) {
        built.applyStorage(bytes, bytesFromHex(slot), bytesToBigInt(value))
      }
      const { nonce, balance, codeHash } = view.getAccount(address)!
      built.applyAccount(bytes, { nonce, balance, codeHash })
    }
    // The rebuilt state must be the block's, or the proof would prove nothing.
    if (Buffer.compare(built.root(), block.header.stateRoot) !== 0) {
      throw new ReplicaMismatchError(
        blockNumber,
        'the state root rebuilt from history',
        show(block.header.stateRoot),
        show(built.root()),
      )
    }
    older = { hash: block.hash, commitment: built }
    return built
  }

  return {
    genesis,
    chain: config,
    state,
    apply(event, encoded) {
      if (halted !== undefined) throw new ReplicaHaltedError(halted)
      if (event.seq !== lastSeq + 1n) throw new ReplicaSequenceError(lastSeq + 1n, event.seq)
      if (state.depth() !== 0) throw new ReplicaBusyError()
      if (holds > 0) {
        heldBack = true
        throw new ReplicaBusyError('hold')
      }
      try {
        applyEvent(event, encoded)
      } catch (error) {
        // A half-applied event leaves state that no root vouches for: stop here.
        halted = error
        throw error
      }
      lastSeq = event.seq
      heldBack = false
      context = undefined
      const abandoned = removed
      removed = undefined
      for (const listener of listeners) {
        try {
          listener(event, abandoned)
        } catch (error) {
          options.onListenerError?.(error)
        }
      }
    },
    hold() {
      holds++
      let released = false
      return () => {
        if (released) return
        released = true
        holds--
      }
    },
    heldBack: () => heldBack,
    lastSeq: () => lastSeq,
    stateRoot: () => root,
    haltedBy: () => halted,
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    pendingBlockContext() {
      // Cached until the next event, so a caller can reuse the EVM block it builds from it.
      if (context) return context
      // The open block's own timestamp is only known once sealed; follow the sequencer's rule
      // (wall clock, strictly after the parent) with the newest mini-block's time as the clock.
      const seconds =
        lastTimestampUs > 0n ? lastTimestampUs / 1_000_000n : BigInt(Math.floor(Date.now() / 1000))
      // The open block has the newest one's fee recipient and base fee (dev methods change them
      // for blocks opened later).
      const parent = index.getBlockByNumber(index.newestBlock())?.header
      const parentTime = parent?.timestamp ?? 0n
      context = {
        number: verifier.openBlockNumber(),
        timestamp: seconds > parentTime ? seconds : parentTime + 1n,
        baseFeePerGas: parent?.baseFeePerGas ?? config.baseFeePerGas,
        gasLimit: config.blockGasLimit,
        coinbase: parent?.coinbase ?? coinbase,
        prevRandao: ZERO_HASH,
      }
      return context
    },
    getAccount: live.getAccount,
    getCode: live.getCode,
    getStorage: live.getStorage,
    history,
    storageRoot(address, blockNumber) {
      const view = blockNumber === undefined ? state : history.at(state, blockNumber)
      const trie = createMerkleTrie({ codec: storageCodec })
      for (const [slot, value] of view.storageOf(hexFromBytes(address))) {
        trie.put(keccak_256(bytesFromHex(slot)), bytesToBigInt(value))
      }
      return trie.root()
    },
    oldestStateBlock: history.oldestBlock,
    stateAt: (blockNumber) => readerOf(history.at(state, blockNumber)),
    head(): ChainHead {
      const block = index.newestBlock()
      // Every block this replica holds had its roots re-derived, so safe = newest block.
      return { miniBlock: index.newestMiniBlock(), block, safe: block, finalized }
    },
    prove(address, slots, at) {
      const newest = index.newestBlock()
      if (at === undefined || at === newest)
        return { blockNumber: newest, proof: commitment.prove(address, slots) }
      return { blockNumber: at, proof: commitmentAt(at).prove(address, slots) }
    },
    getBlockByNumber: index.getBlockByNumber,
    getBlockByHash: index.getBlockByHash,
    getMiniBlock: index.getMiniBlock,
    getTransaction: index.getTransaction,
    getLogs: index.getLogs,
  }
}

const show = (hash: Uint8Array | undefined) => (hash ? `0x${hexFromBytes(hash)}` : 'none')
