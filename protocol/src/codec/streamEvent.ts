import type { StateDiff, StreamEvent } from '../types/index.ts'
import { readAttestation, writeAttestation } from './attestation.ts'
import { ByteReader } from './ByteReader.ts'
import type { ByteWriter } from './ByteWriter.ts'
import { readBlock, writeBlock } from './block.ts'
import { estimateMiniBlockSize, readMiniBlock, writeMiniBlock } from './miniBlock.ts'
import { estimateStateDiffSize, readStateDiff, writeStateDiff } from './stateDiff.ts'
import { decodeVersioned, encodeVersioned, readVersion } from './versioned.ts'

const WHAT = 'stream event'
const MINI_BLOCK = 1
const BLOCK = 2
const FINALITY = 3
const REWIND = 4

/** Encodes a stream event, v1: `[version] kind seq body`, kind 1 = mini-block, 2 = block, 3 = finality, 4 = rewind. */
export function encodeStreamEvent(event: StreamEvent): Uint8Array {
  return encodeVersioned(WHAT, event, writeStreamEvent, streamEventSize(event))
}

/** Decodes `encodeStreamEvent` output; throws `DecodeError` or `UnsupportedVersionError`. */
export function decodeStreamEvent(bytes: Uint8Array): StreamEvent {
  return decodeVersioned(bytes, WHAT, readStreamEvent)
}

const KINDS: Record<number, StreamEvent['kind']> = {
  [MINI_BLOCK]: 'miniBlock',
  [BLOCK]: 'block',
  [FINALITY]: 'finality',
  [REWIND]: 'rewind',
}

/**
 * An encoded stream event's kind and seq, read from its first ten bytes without decoding
 * the body (for a reader that decodes only some kinds). Throws `DecodeError` or
 * `UnsupportedVersionError`.
 */
export function peekStreamEvent(bytes: Uint8Array): { kind: StreamEvent['kind']; seq: bigint } {
  const r = new ByteReader(bytes.subarray(0, 10), WHAT)
  readVersion(r)
  const code = r.u8('kind')
  const kind = KINDS[code]
  if (kind === undefined) r.fail('kind', `unknown stream event kind ${code}`)
  return { kind, seq: r.u64('seq') }
}

/**
 * Writes a stream event body (no version byte). `writeDiff` encodes a
 * mini-block's state diff (v1 by default; the link's compact frames pass their own).
 */
export function writeStreamEvent(
  w: ByteWriter,
  event: StreamEvent,
  writeDiff?: (w: ByteWriter, diff: StateDiff) => void,
): void {
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
    case 'rewind':
      // The rewind's diff is always v1: it is rare, and compact ids must not move for it.
      w.u8(REWIND, 'kind')
      w.u64(event.seq, 'seq')
      writeBlock(w, event.rewind.block)
      w.u64(event.rewind.miniBlockNumber, 'miniBlockNumber')
      writeStateDiff(w, event.rewind.stateDiff)
      return
    default:
      w.fail('kind', `unknown stream event kind ${(event as { kind: unknown }).kind}`)
  }
}

/** Reads a stream event body (no version byte), a mini-block's diff with `readDiff` (v1 by default). */
export function readStreamEvent(r: ByteReader, readDiff?: (r: ByteReader) => StateDiff): StreamEvent {
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
    case REWIND:
      return {
        kind: 'rewind',
        seq: r.u64('seq'),
        rewind: {
          block: readBlock(r),
          miniBlockNumber: r.u64('miniBlockNumber'),
          stateDiff: readStateDiff(r),
        },
      }
    default:
      r.fail('kind', `unknown stream event kind ${kind}`)
  }
}

/** A close upper bound of an event's encoding, so its buffer is allocated once. */
export function streamEventSize(event: StreamEvent): number {
  if (event.kind === 'miniBlock') return 16 + estimateMiniBlockSize(event.miniBlock)
  if (event.kind === 'rewind') return 1024 + estimateStateDiffSize(event.rewind.stateDiff)
  return 1024
}
