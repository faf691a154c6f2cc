import { UnsupportedVersionError } from '../errors/index.ts'
import type { StateDiff, StreamEvent } from '../types/index.ts'
import { readAttestation, writeAttestation } from './attestation.ts'
import { ByteReader } from './ByteReader.ts'
import { ByteWriter } from './ByteWriter.ts'
import { readBlock, writeBlock } from './block.ts'
import {
  createDiffDecoder,
  createDiffEncoder,
  createShadowState,
  type GenesisAccount,
} from './compactDiff/index.ts'
import { estimateMiniBlockSize, readMiniBlock, writeMiniBlock } from './miniBlock.ts'

const WHAT = 'compact stream event'
/** The compact stream event format: v1's layout with each mini-block's diff in the compact diff format (v2). */
export const COMPACT_EVENT_VERSION = 2
const MINI_BLOCK = 1
const BLOCK = 2
const FINALITY = 3

/** Encodes stream events for the wire, in stream order, from seq 1 (genesis) on. */
export type CompactStreamEncoder = { encode(event: StreamEvent): Uint8Array }

/** Decodes them, in the same order; also follows v1 events (`advance`) so both ends stay in step. */
export type CompactStreamDecoder = {
  decode(bytes: Uint8Array): StreamEvent
  /** An event that arrived in v1 (uncompressed): move the tables and the shadow past it. */
  advance(event: StreamEvent): void
}

/**
 * Stream events with compact diffs: ids for known accounts and slots, deltas
 * against the previous values (see FORMATS.md, compact state diff). Each end
 * keeps the pre-state from the stream itself (`createShadowState`), starting
 * at genesis, so encoder and decoder must both see every event from seq 1.
 */
export function createCompactStreamEncoder(genesis: readonly GenesisAccount[]): CompactStreamEncoder {
  const shadow = createShadowState(genesis)
  const diffs = createDiffEncoder(shadow, { genesis: genesis.map((account) => account.address) })
  return {
    encode(event) {
      const capacity = event.kind === 'miniBlock' ? 16 + estimateMiniBlockSize(event.miniBlock) : 1024
      const w = new ByteWriter(WHAT, capacity)
      w.u8(COMPACT_EVENT_VERSION, 'version')
      writeEvent(w, event, (writer, diff) => {
        writer.bytes(diffs.encode(diff))
        shadow.apply(diff)
      })
      return w.finish()
    },
  }
}

export function createCompactStreamDecoder(genesis: readonly GenesisAccount[]): CompactStreamDecoder {
  const shadow = createShadowState(genesis)
  const diffs = createDiffDecoder(shadow, { genesis: genesis.map((account) => account.address) })
  return {
    decode(bytes) {
      const r = new ByteReader(bytes, WHAT)
      const version = r.u8('version')
      if (version !== COMPACT_EVENT_VERSION) throw new UnsupportedVersionError(WHAT, version)
      const event = readEvent(r, (reader) => diffs.decode(reader.bytesView('stateDiff')))
      r.end()
      if (event.kind === 'miniBlock') shadow.apply(event.miniBlock.stateDiff)
      return event
    },
    advance(event) {
      if (event.kind !== 'miniBlock') return
      diffs.advance(event.miniBlock.stateDiff)
      shadow.apply(event.miniBlock.stateDiff)
    },
  }
}

function writeEvent(w: ByteWriter, event: StreamEvent, writeDiff: (w: ByteWriter, diff: StateDiff) => void) {
  switch (event.kind) {
    case 'miniBlock':
      w.u8(MINI_BLOCK, 'kind')
      w.u64(event.seq, 'seq')
      writeMiniBlock(w, event.miniBlock, writeDiff)
      return
    case 'block':
      w.u8(BLOCK, 'kind')
      w.u64(event.seq, 'seq')
      writeBlock(w, event.block)
      return
    case 'finality':
      w.u8(FINALITY, 'kind')
      w.u64(event.seq, 'seq')
      w.u64(event.finalized, 'finalized')
      writeAttestation(w, event.attestation)
      return
    default:
      w.fail('kind', `unknown stream event kind ${(event as { kind: unknown }).kind}`)
  }
}

function readEvent(r: ByteReader, readDiff: (r: ByteReader) => StateDiff): StreamEvent {
  const kind = r.u8('kind')
  switch (kind) {
    case MINI_BLOCK:
      return { kind: 'miniBlock', seq: r.u64('seq'), miniBlock: readMiniBlock(r, readDiff) }
    case BLOCK:
      return { kind: 'block', seq: r.u64('seq'), block: readBlock(r) }
    case FINALITY:
      return {
        kind: 'finality',
        seq: r.u64('seq'),
        finalized: r.u64('finalized'),
        attestation: readAttestation(r),
      }
    default:
      r.fail('kind', `unknown stream event kind ${kind}`)
  }
}
