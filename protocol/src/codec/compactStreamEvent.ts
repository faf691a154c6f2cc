import { UnsupportedVersionError } from '../errors/index.ts'
import type { StreamEvent } from '../types/index.ts'
import { ByteReader } from './ByteReader.ts'
import { ByteWriter } from './ByteWriter.ts'
import {
  createDiffDecoder,
  createDiffEncoder,
  createShadowState,
  type GenesisAccount,
} from './compactDiff/index.ts'
import { readStreamEvent, streamEventSize, writeStreamEvent } from './streamEvent.ts'

const WHAT = 'compact stream event'
/** The compact stream event format: v1's layout with each mini-block's diff in the compact diff format (v2). */
export const COMPACT_EVENT_VERSION = 2

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
      const w = new ByteWriter(WHAT, streamEventSize(event))
      w.u8(COMPACT_EVENT_VERSION, 'version')
      writeStreamEvent(w, event, (writer, diff) => {
        writer.bytes(diffs.encode(diff))
        shadow.apply(diff)
      })
      // A rewind's diff travels in v1 (no ids move) but still changes the pre-state.
      if (event.kind === 'rewind') shadow.apply(event.rewind.stateDiff)
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
      const event = readStreamEvent(r, (reader) => diffs.decode(reader.bytesView('stateDiff')))
      r.end()
      if (event.kind === 'miniBlock') shadow.apply(event.miniBlock.stateDiff)
      else if (event.kind === 'rewind') shadow.apply(event.rewind.stateDiff)
      return event
    },
    advance(event) {
      if (event.kind === 'rewind') shadow.apply(event.rewind.stateDiff)
      if (event.kind !== 'miniBlock') return
      diffs.advance(event.miniBlock.stateDiff)
      shadow.apply(event.miniBlock.stateDiff)
    },
  }
}
