import { join } from 'node:path'
import {
  type Block,
  createCompactStreamEncoder,
  type DataAvailability,
  type GenesisAccount,
  type MiniBlock,
} from '@rtevm/protocol'
import { type LocalLog, recover } from '../da/index.ts'
import type { RamState } from '../state/index.ts'
import { createEventLog, type EventLog } from '../stream/index.ts'

/** Where the sequencer's stream becomes durable, and what it resumes from. */
export type SequencerStore = {
  /** Every stream event goes here first; receipts wait for it. */
  da: DataAvailability
  /** The on-disk log, when there is a data directory (snapshots and pruning need it). */
  local?: { log: LocalLog; snapshotDir: string }
  /** The state to start from: genesis, or the state after every durable event. */
  state: RamState
  /** The in-RAM history followers replay from, preloaded from the log after a restart. */
  history: EventLog
  /** What a restart resumes from; absent on a fresh start. */
  resume?: {
    lastSeq: bigint
    latestBlock: Block
    miniBlockNumber: bigint
    openMiniBlocks: MiniBlock[]
    /** The newest `finality` event's finalized block (0 when none is in the history). */
    finalized: bigint
    /** Sealed blocks from the history, oldest first (the finality gate resumes from them). */
    blocks: Block[]
  }
}

export type StoreOptions = {
  /** The genesis accounts: the link's compact encoding starts from them. */
  genesisAccounts: readonly GenesisAccount[]
  /** No directory: nothing is durable (tests, benchmarks); the stream is kept in RAM only. */
  dataDir: string | undefined
  genesis: () => RamState
  history: { events: number; bytes: number }
}

/**
 * Opens the sequencer's store. With a data directory, the DA log there is
 * recovered (torn tail cut, corruption refused), the newest snapshot loaded
 * and the log's diffs replayed on top — no re-execution — and the in-RAM
 * history refilled from the log's newest events.
 */
export async function openSequencerStore(options: StoreOptions): Promise<SequencerStore> {
  if (options.dataDir === undefined) {
    return { da: memoryLog(), state: options.genesis(), history: createEventLog(withWire(options, 1n)) }
  }
  const recovered = await recover({ dir: options.dataDir, genesis: options.genesis, holdOpenBlock: true })
  const snapshotDir = join(options.dataDir, 'snapshots')
  if (recovered.kind === 'fresh') {
    return {
      da: recovered.log,
      local: { log: recovered.log, snapshotDir },
      state: options.genesis(),
      history: createEventLog(withWire(options, 1n)),
    }
  }
  const { log, lastSeq } = recovered
  const keep = BigInt(options.history.events)
  const from = lastSeq - keep + 1n > log.firstSeq() ? lastSeq - keep + 1n : log.firstSeq()
  const history = createEventLog({ ...withWire(options, from), firstSeq: from })
  let finalized = 0n
  const blocks: Block[] = []
  // The log's records are the events' stream encoding: the history keeps them as they are,
  // decoded when read. Only what the restart itself needs is decoded here (blocks, finality).
  for await (const { seq, kind, encoded } of log.readEncodedFrom(from)) {
    const logged = history.preload(seq, encoded)
    if (kind === 'miniBlock') continue
    const event = logged.event
    if (event.kind === 'finality') finalized = event.finalized
    else if (event.kind === 'block') {
      blocks.push(event.block)
      if (blocks.length > RESUMED_BLOCKS) blocks.shift()
    } else if (event.kind === 'rewind') {
      const to = event.rewind.block.header.number
      while ((blocks.at(-1)?.header.number ?? 0n) > to) blocks.pop()
      if (finalized > to) finalized = to
    }
  }
  return {
    da: log,
    local: { log, snapshotDir },
    state: recovered.state,
    history,
    resume: {
      lastSeq,
      latestBlock: recovered.latestBlock,
      miniBlockNumber: recovered.miniBlockNumber,
      openMiniBlocks: recovered.openMiniBlocks,
      finalized,
      blocks,
    },
  }
}

/**
 * The in-RAM history's limits, with a compact wire encoder when the history
 * starts at seq 1: the encoder must see every event from genesis on. A
 * history preloaded from later in the log serves followers v1 frames only.
 */
function withWire(options: StoreOptions, firstSeq: bigint) {
  return firstSeq === 1n
    ? { ...options.history, wire: createCompactStreamEncoder(options.genesisAccounts) }
    : options.history
}

/** Sealed blocks a restart keeps for the finality gate (attestations of older blocks are refused). */
const RESUMED_BLOCKS = 1024

/** Durability without a disk: appends are "durable" at once, in order. */
function memoryLog(): DataAvailability {
  let last = 0n
  return {
    append(event) {
      last = event.seq
      return Promise.resolve()
    },
    async *readFrom() {},
    lastSeq: () => last,
    firstSeq: () => 1n,
    close: () => Promise.resolve(),
  }
}
