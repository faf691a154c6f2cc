import { keccakWasmBytes, ROUND_CONSTANTS_OFFSET, roundConstants } from './keccakWasm.ts'

/**
 * Keccak-256 (the Ethereum hash, not SHA3-256) over WebAssembly, with a
 * scratch area in the module's memory so callers that build their input
 * (trie nodes) can write it in place and skip a copy.
 *
 * Not reentrant: one scratch area per instance; share an instance only
 * between code that runs one hash at a time (one trie, one commitment).
 */
export type Keccak = {
  /** keccak256(data) as a fresh 32-byte array. */
  hash(data: Uint8Array): Uint8Array
  /**
   * A view of at least `size` writable bytes; write the input at [0, len) and
   * call `digest(len)`. The view is invalidated by the next `scratch` call
   * that grows memory, so fetch it again after each `scratch`.
   */
  scratch(size: number): Uint8Array
  /** The scratch area as a DataView (same bytes as `scratch`, same invalidation). */
  scratchData(): DataView
  /** keccak256 of the first `len` bytes of the scratch view, as a fresh 32-byte array. */
  digest(len: number): Uint8Array
  /**
   * keccak256 of the first `len` bytes of the scratch view, as a view of 8
   * int32 words in host byte order (see HOST_LITTLE_ENDIAN) that the next
   * digest overwrites: lets callers keep hashes without allocating.
   */
  digestWords(len: number): Int32Array
}

/** Byte order of Int32Array words, for writing `digestWords` back out through a DataView. */
export const HOST_LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1

const RATE = 136
const OUT_OFFSET = 192
const IN_OFFSET = 256
const PAGE = 65_536

// The project's lib settings (ES2023, no DOM) carry no WebAssembly types, so
// declare the little used here.
type WasmModule = object
type WasmApi = {
  Module: new (bytes: Uint8Array) => WasmModule
  Instance: new (module: WasmModule) => { exports: unknown }
}
type Exports = {
  memory: { buffer: ArrayBuffer; grow(pages: number): number }
  absorb: (inPtr: number, blocks: number, outPtr: number) => void
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

// Compiling is pure and costs ~1 ms; instances (with their memory) are per Keccak.
let compiled: WasmModule | undefined

/** Creates a Keccak-256 hasher with its own WebAssembly instance and scratch memory. */
export function createKeccak(): Keccak {
  compiled ??= new wasm.Module(keccakWasmBytes())
  const { memory, absorb } = new wasm.Instance(compiled).exports as unknown as Exports
  new BigUint64Array(memory.buffer, ROUND_CONSTANTS_OFFSET, 24).set(roundConstants())
  let bytes = new Uint8Array(memory.buffer)
  let view = bytes.subarray(IN_OFFSET)
  let data = new DataView(memory.buffer, IN_OFFSET)
  let words = new Int32Array(memory.buffer, OUT_OFFSET, 8)

  function scratch(size: number): Uint8Array {
    // Room for the padding block as well, so digest never has to grow.
    const need = IN_OFFSET + size + RATE
    if (need > bytes.length) {
      memory.grow(Math.ceil((need - bytes.length) / PAGE))
      bytes = new Uint8Array(memory.buffer)
      view = bytes.subarray(IN_OFFSET)
      data = new DataView(memory.buffer, IN_OFFSET)
      words = new Int32Array(memory.buffer, OUT_OFFSET, 8)
    }
    return view
  }

  function digestWords(len: number): Int32Array {
    // Keccak padding pad10*1 with the 0x01 domain byte (SHA3 would use 0x06).
    const blocks = Math.floor(len / RATE) + 1
    const end = IN_OFFSET + blocks * RATE
    bytes.fill(0, IN_OFFSET + len, end)
    bytes[IN_OFFSET + len] = 0x01
    bytes[end - 1] |= 0x80
    absorb(IN_OFFSET, blocks, OUT_OFFSET)
    return words
  }

  function digest(len: number): Uint8Array {
    digestWords(len)
    return bytes.slice(OUT_OFFSET, OUT_OFFSET + 32)
  }

  function hash(input: Uint8Array): Uint8Array {
    scratch(input.length).set(input)
    return digest(input.length)
  }

  return { hash, scratch, scratchData: () => data, digest, digestWords }
}
