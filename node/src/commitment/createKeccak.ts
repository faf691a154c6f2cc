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
  /** keccak256 of the first `len` bytes of the scratch view, as a fresh 32-byte array. */
  digest(len: number): Uint8Array
}

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

  function scratch(size: number): Uint8Array {
    // Room for the padding block as well, so digest never has to grow.
    const need = IN_OFFSET + size + RATE
    if (need > bytes.length) {
      memory.grow(Math.ceil((need - bytes.length) / PAGE))
      bytes = new Uint8Array(memory.buffer)
      view = bytes.subarray(IN_OFFSET)
    }
    return view
  }

  function digest(len: number): Uint8Array {
    // Keccak padding pad10*1 with the 0x01 domain byte (SHA3 would use 0x06).
    const blocks = Math.floor(len / RATE) + 1
    const end = IN_OFFSET + blocks * RATE
    bytes.fill(0, IN_OFFSET + len, end)
    bytes[IN_OFFSET + len] = 0x01
    bytes[end - 1] |= 0x80
    absorb(IN_OFFSET, blocks, OUT_OFFSET)
    return bytes.slice(OUT_OFFSET, OUT_OFFSET + 32)
  }

  function hash(data: Uint8Array): Uint8Array {
    scratch(data.length).set(data)
    return digest(data.length)
  }

  return { hash, scratch, digest }
}
