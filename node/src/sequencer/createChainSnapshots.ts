import { type Block, ErrorCode, RtevmError, type StateDiff } from '@rtevm/protocol'
import type { Mempool } from '../mempool/index.ts'
import type { AccountRecord, RamState } from '../state/index.ts'
import type { BlockWitnesses } from '../witness/index.ts'
import type { Admitted } from './admission.ts'
import type { ChainClock, ClockSetting } from './chainClock.ts'
import type { BlockProducer } from './createBlockProducer.ts'
import type { ChainHistory, ChainPoint } from './createChainHistory.ts'
import type { ExecutionPump } from './createExecutionPump.ts'
import type { Publisher } from './createPublisher.ts'
import { InvalidDevCommandError } from './errors.ts'
import type { FinalityGate } from './finalityGate.ts'

/**
 * Devnet rewinds: `evm_snapshot` / `evm_revert` (the chain remembered at a sealed block, and
 * rewound to it) and `anvil_rollback` (rewound a number of blocks, through the chain history).
 */
export type ChainSnapshots = {
  /** Seals the open block if it holds anything and remembers the chain there; returns the id. */
  take(): bigint
  /**
   * Rewinds state, chain and clock to snapshot `id`, publishes the `rewind` event, and forgets
   * `id` and every later snapshot. Returns false for an unknown id. Transactions waiting in the
   * mempool are dropped: they were admitted against the state the rewind abandons.
   */
  revert(id: bigint): boolean
  /**
   * Rewinds `depth` sealed blocks (the open block's mini-blocks go too) through the chain history,
   * as `revert` does; returns the new head's number. Snapshots taken above it are forgotten.
   */
  rollback(depth: bigint): bigint
}

type Snapshot = {
  block: Block
  miniBlockNumber: bigint
  clock: ClockSetting
  accounts: Map<string, AccountRecord>
  storage: Map<string, Map<string, Uint8Array>>
}

export function createChainSnapshots(deps: {
  state: RamState
  mempool: Mempool
  clock: ChainClock
  chain: BlockProducer
  pump: ExecutionPump
  finality: FinalityGate
  publisher: Publisher
  /** Applies a diff to the state commitment and returns the new root. */
  commitDiff: (diff: StateDiff) => Uint8Array
  witnesses: Pick<BlockWitnesses, 'rewind'> | undefined
  history: ChainHistory | undefined
}): ChainSnapshots {
  const { state, mempool, clock, chain, pump, finality, publisher } = deps
  const snapshots = new Map<bigint, Snapshot>()
  let nextId = 1n

  function take(): bigint {
    if (snapshots.size >= MAX_SNAPSHOTS) {
      throw new InvalidDevCommandError(
        `${MAX_SNAPSHOTS} snapshots are held: revert to an older one (which forgets every later one) first`,
      )
    }
    pump.sealMiniBlock()
    if (chain.open().miniBlockCount() > 0) pump.sealBlockNow()
    const storage = new Map<string, Map<string, Uint8Array>>()
    const accounts = new Map(state.accounts())
    for (const address of accounts.keys()) {
      const slots = state.storageOf(address)
      if (slots.size > 0) storage.set(address, new Map(slots))
    }
    const id = nextId++
    snapshots.set(id, {
      block: chain.latest(),
      miniBlockNumber: chain.miniBlockNumber(),
      clock: clock.save(),
      accounts,
      storage,
    })
    return id
  }

  function revert(id: bigint): boolean {
    const snapshot = snapshots.get(id)
    if (!snapshot) return false
    rewindTo(snapshot, 'evm_revert', () => restore(snapshot), snapshot.clock)
    for (const key of snapshots.keys()) if (key >= id) snapshots.delete(key)
    return true
  }

  function rollback(depth: bigint): bigint {
    const history = deps.history
    if (!history)
      throw new InvalidDevCommandError('rollback needs the chain history, kept with dev methods on')
    const head = chain.latest().header.number
    const target = head - depth
    const point = depth >= 1n && target >= 0n ? history.pointAt(target) : undefined
    if (!point) {
      throw new InvalidDevCommandError(
        `can roll back 1 to ${head - history.oldestBlock()} blocks (history reaches block ${history.oldestBlock()}), not ${depth}`,
      )
    }
    rewindTo(point, 'anvil_rollback', () => {
      history.rewindState(state, target)
      return state.takeDiff()
    })
    for (const [key, snapshot] of snapshots) if (snapshot.block.header.number > target) snapshots.delete(key)
    return target
  }

  /**
   * Brings state, chain, finality and witnesses (and the clock, given its `time`) back to `point`,
   * checked against its root, and publishes it.
   */
  function rewindTo(point: ChainPoint, method: string, restoreState: () => StateDiff, time?: ClockSetting) {
    // The open mini-block is published first: the rewind follows it in the stream.
    pump.sealMiniBlock()
    dropWaiting()
    const stateDiff = restoreState()
    const root = deps.commitDiff(stateDiff)
    const { block, miniBlockNumber } = point
    if (!Buffer.from(root).equals(block.header.stateRoot)) {
      throw new RtevmError(
        ErrorCode.Internal,
        `${method}: the restored state's root is not block ${block.header.number}'s`,
      )
    }
    deps.witnesses?.rewind(block.header.number)
    deps.history?.forgetAfter(block.header.number)
    finality.rewind(block)
    // Before the chain reopens: the next block takes its timestamp from the clock.
    if (time) clock.restore(time)
    chain.rewind(block, miniBlockNumber)
    void publisher.publish({ kind: 'rewind', rewind: { block, miniBlockNumber, stateDiff } }).catch(() => {})
  }

  /** Writes the snapshot's accounts and slots back; the state's diff since is the rewind's diff. */
  function restore(snapshot: Snapshot): StateDiff {
    for (const address of [...state.accounts()].map(([key]) => key)) {
      if (!snapshot.accounts.has(address)) state.putAccount(address, undefined)
    }
    for (const [address, account] of snapshot.accounts) {
      const before = snapshot.storage.get(address) ?? NO_SLOTS
      const now = state.storageOf(address)
      for (const slot of [...now.keys()]) if (!before.has(slot)) state.putStorage(address, slot, ZERO)
      for (const [slot, value] of before) {
        if (!Buffer.from(value).equals(now.get(slot) ?? ZERO)) state.putStorage(address, slot, value)
      }
      if (state.getAccount(address) !== account) state.putAccount(address, account)
    }
    return state.takeDiff()
  }

  function dropWaiting() {
    for (const waiting of [...mempool.pending(), ...mempool.queued()]) {
      mempool.remove(waiting.hash)
      ;(waiting.payload as Admitted).reject(
        new RtevmError(
          ErrorCode.TransactionEvicted,
          `transaction ${waiting.hash} dropped: the chain was reverted`,
        ),
      )
    }
  }

  return { take, revert, rollback }
}

/** Snapshots held at once; each holds a copy of the state's maps (records and values are shared). */
const MAX_SNAPSHOTS = 1024
const NO_SLOTS: ReadonlyMap<string, Uint8Array> = new Map()
const ZERO = new Uint8Array(0)
