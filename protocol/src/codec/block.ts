import { keccak_256 } from '@noble/hashes/sha3.js'
import type { Block } from '../types/index.ts'
import type { ByteReader } from './ByteReader.ts'
import type { ByteWriter } from './ByteWriter.ts'
import { decodeBlockHeader, encodeBlockHeader } from './blockHeader.ts'
import { decodeVersioned, encodeVersioned } from './versioned.ts'

const WHAT = 'block'

/**
 * Encodes a block, v1: `[version] headerRlp hash miniBlockCount firstMiniBlock
 * count txHash*`. The header travels as its standard RLP so a receiver can
 * hash the received bytes directly. The encoder trusts `hash`; the decoder
 * checks it.
 */
export function encodeBlock(block: Block): Uint8Array {
  return encodeVersioned(WHAT, block, writeBlock, 700 + block.transactionHashes.length * 32)
}

/**
 * Decodes `encodeBlock` output and checks that `hash` is keccak256 of the
 * header; throws `DecodeError` on mismatch, or `UnsupportedVersionError`.
 */
export function decodeBlock(bytes: Uint8Array): Block {
  return decodeVersioned(bytes, WHAT, readBlock)
}

/** Writes a block body (no version byte). */
export function writeBlock(w: ByteWriter, block: Block): void {
  w.bytes(encodeBlockHeader(block.header))
  w.fixed(block.hash, 32, 'hash')
  w.varint(block.miniBlockCount, 'miniBlockCount')
  w.u64(block.firstMiniBlock, 'firstMiniBlock')
  const hashes = block.transactionHashes
  w.varint(hashes.length, 'transactionHashes')
  for (const hash of hashes) w.fixed(hash, 32, 'transactionHash')
}

/** Reads a block body (no version byte), checking the header hash. */
export function readBlock(r: ByteReader): Block {
  const headerRlp = r.bytesView('header')
  const header = decodeBlockHeader(headerRlp)
  const hash = r.fixed(32, 'hash')
  // The header decoder is canonical, so the received bytes are exactly encodeBlockHeader(header).
  if (!equalBytes(keccak_256(headerRlp), hash)) r.fail('hash', 'does not match keccak256 of the header')
  const miniBlockCount = r.varint('miniBlockCount')
  const firstMiniBlock = r.u64('firstMiniBlock')
  const count = r.count(32, 'transactionHashes')
  const transactionHashes: Uint8Array[] = []
  for (let i = 0; i < count; i++) transactionHashes.push(r.fixed(32, 'transactionHash'))
  return { header, hash, miniBlockCount, firstMiniBlock, transactionHashes }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
