import { type Block, ByteReader, ByteWriter, decodeBlock, encodeBlock } from '@rtevm/protocol'
import { type AccountRecord, bytesFromHex, hexFromBytes } from '../state/index.ts'
import type { StateCapture } from './captureState.ts'

/** What a sequencer needs, besides the state, to resume where the snapshot was taken. */
export type SnapshotHead = {
  /**
   * Seq of the last stream event the state includes. Take snapshots right
   * after a block event (so no mini-block of an open block is folded in),
   * and only once that event is durable in the log.
   */
  seq: bigint
  /** The newest sealed block at `seq`. */
  block: Block
  /** Number of the newest mini-block at `seq`; 0 before the first. */
  miniBlockNumber: bigint
  /** Anything else its owner wants back; opaque here. */
  meta: Uint8Array
}

/** First bytes of a snapshot file: "rtsnap" then format version 1. */
export const SNAPSHOT_MAGIC = Uint8Array.of(0x72, 0x74, 0x73, 0x6e, 0x61, 0x70, 0x00, 0x01)
/** The trailing CRC-32 (u32 LE) over every byte before it. */
export const CHECKSUM_BYTES = 4

const END = 0
const ACCOUNT = 1
const STORAGE = 2
const CODE = 3
/** Slots per storage entry, so one huge contract still streams in bounded pieces. */
const SLOTS_PER_ENTRY = 4096
const WHAT = 'snapshot'

export function encodeHead(head: SnapshotHead): Uint8Array {
  const w = new ByteWriter(WHAT, 1024 + head.meta.length)
  w.raw(SNAPSHOT_MAGIC)
  w.u64(head.seq, 'seq')
  w.bytes(encodeBlock(head.block))
  w.u64(head.miniBlockNumber, 'miniBlockNumber')
  w.bytes(head.meta)
  return w.finish()
}

/**
 * Encodes a capture's entries into chunks of about `chunkBytes`, ending with
 * the END entry (its counts guard against a truncated-but-checksummed file).
 * A generator, so the writer can yield to the event loop between chunks.
 */
export function* encodeEntries(capture: StateCapture, chunkBytes: number): Generator<Uint8Array> {
  let w = new ByteWriter(WHAT, chunkBytes + 4096)
  let slotCount = 0
  function* flushIfFull() {
    if (w.length < chunkBytes) return
    yield w.finish()
    w = new ByteWriter(WHAT, chunkBytes + 4096)
  }
  for (const [address, account] of capture.accounts) {
    w.u8(ACCOUNT, 'tag')
    w.fixed(bytesFromHex(address), 20, 'address')
    w.u64(account.nonce, 'nonce')
    w.uint256(account.balance, 'balance')
    w.fixed(account.codeHash, 32, 'codeHash')
    yield* flushIfFull()
  }
  for (const [address, slots] of capture.storage) {
    for (let from = 0; from < slots.length; from += SLOTS_PER_ENTRY) {
      const piece = slots.slice(from, from + SLOTS_PER_ENTRY)
      w.u8(STORAGE, 'tag')
      w.fixed(bytesFromHex(address), 20, 'address')
      w.varint(piece.length, 'slotCount')
      for (const [slot, value] of piece) {
        w.fixed(bytesFromHex(slot), 32, 'slot')
        w.bytes(value)
      }
      slotCount += piece.length
      yield* flushIfFull()
    }
  }
  const code = capture.code()
  for (const [hash, bytes] of code) {
    w.u8(CODE, 'tag')
    w.fixed(bytesFromHex(hash), 32, 'codeHash')
    w.bytes(bytes)
    yield* flushIfFull()
  }
  w.u8(END, 'tag')
  w.varint(capture.accounts.length, 'accountCount')
  w.varint(slotCount, 'slotCount')
  w.varint(code.length, 'codeCount')
  yield w.finish()
}

/** Where decoded entries go; the loader puts them into a RamState. */
export type SnapshotSink = {
  account(address: string, account: AccountRecord): void
  slot(address: string, slot: string, value: Uint8Array): void
  code(codeHash: Uint8Array, code: Uint8Array): void
}

/** Decodes a whole snapshot body (checksum already verified and cut off); throws `DecodeError`. */
export function decodeSnapshot(body: Uint8Array, sink: SnapshotSink): SnapshotHead {
  const r = new ByteReader(body, WHAT)
  const magic = r.fixed(SNAPSHOT_MAGIC.length, 'magic')
  if (!magic.every((byte, i) => byte === SNAPSHOT_MAGIC[i])) r.fail('magic', 'not an rtevm snapshot (v1)')
  const head: SnapshotHead = {
    seq: r.u64('seq'),
    block: decodeBlock(r.bytes('block')),
    miniBlockNumber: r.u64('miniBlockNumber'),
    meta: r.bytes('meta'),
  }
  const counts = { accounts: 0, slots: 0, code: 0 }
  for (;;) {
    const tag = r.u8('tag')
    if (tag === END) break
    if (tag === ACCOUNT) {
      const address = hexFromBytes(r.fixed(20, 'address'))
      const nonce = r.u64('nonce')
      const balance = r.uint256('balance')
      sink.account(address, { nonce, balance, codeHash: r.fixed(32, 'codeHash') })
      counts.accounts++
    } else if (tag === STORAGE) {
      const address = hexFromBytes(r.fixed(20, 'address'))
      const slots = r.count(33, 'slotCount')
      for (let i = 0; i < slots; i++) sink.slot(address, hexFromBytes(r.fixed(32, 'slot')), r.bytes('value'))
      counts.slots += slots
    } else if (tag === CODE) {
      sink.code(r.fixed(32, 'codeHash'), r.bytes('code'))
      counts.code++
    } else {
      r.fail('tag', `unknown entry tag ${tag}`)
    }
  }
  const expected = {
    accounts: r.varint('accountCount'),
    slots: r.varint('slotCount'),
    code: r.varint('codeCount'),
  }
  if (
    expected.accounts !== counts.accounts ||
    expected.slots !== counts.slots ||
    expected.code !== counts.code
  ) {
    r.fail('counts', `entries ${JSON.stringify(counts)} but the end says ${JSON.stringify(expected)}`)
  }
  r.end()
  return head
}
