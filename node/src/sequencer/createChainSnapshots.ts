import { type Block, ErrorCode, RtevmError, type StateDiff } from '@rtevm/protocol'
import type { Mempool } from '../mempool/index.ts'
import type { AccountRecord, RamState } from '../state/index.ts'
import type { BlockWitnesses } from '../witness/index.ts'
import type { Admitted } from './admission.ts'
import type { ChainClock, ClockSetting } from './chainClock.ts'
import type { BlockProducer } from './createBlockProducer.ts'
import type { ExecutionPump } from './createExecutionPump.ts'
import type { Publisher } from './createPublisher.ts'
import { InvalidDevCommandError } from './errors.ts'
import type { FinalityGate } from './finalityGate.ts'

/** Devnet `evm_snapshot` / `evm_revert`: the chain remembered at a sealed block, and rewound to it. */
export type ChainSnapshots = {
  /** Seals the open block if it holds anything and remembers the chain there; returns the id. */
  take(): bigint
  /**
   * Rewinds state, chain and clock to snapshot `id`, publishes the `rewind` event, and forgets
   * `id` and every later snapshot. Returns false for an unknown id. Transactions waiting in the
   * mempool are dropped: they were admitted against the state the rewind abandons.
   */
  revert(id: bigint): boolean
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
    // The open mini-block is published first: the rewind follows it in the stream.
    pump.sealMiniBlock()
    dropWaiting()
    const stateDiff = restore(snapshot)
    const root = deps.commitDiff(stateDiff)
    if (!Buffer.from(root).equals(snapshot.block.header.stateRoot)) {
      throw new RtevmError(
        ErrorCode.Internal,
        `evm_revert: the restored state's root is not block ${snapshot.block.header.number}'s`,
      )
    }
    deps.witnesses?.rewind(snapshot.block.header.number)
    finality.rewind(snapshot.block)
    clock.restore(snapshot.clock)
    chain.rewind(snapshot.block, snapshot.miniBlockNumber)
    const rewind = { block: snapshot.block, miniBlockNumber: snapshot.miniBlockNumber, stateDiff }
    void publisher.publish({ kind: 'rewind', rewind }).catch(() => {})
    for (const key of snapshots.keys()) if (key >= id) snapshots.delete(key)
    return true
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

  return { take, revert }
}

/** Snapshots held at once; each holds a copy of the state's maps (records and values are shared). */
const MAX_SNAPSHOTS = 1024
const NO_SLOTS: ReadonlyMap<string, Uint8Array> = new Map()
const ZERO = new Uint8Array(0)
