/**
 * Builds, as raw bytes, a WebAssembly module holding one function,
 * `absorb(inPtr, blocks, outPtr)`, which runs the Keccak sponge (rate 136
 * bytes, so Keccak-256) over `blocks` already padded blocks at `inPtr` and
 * writes the first 32 bytes of the state to `outPtr`. Round constants are read
 * from memory offset 0 (24 little-endian u64), which the caller fills in.
 *
 * Why WebAssembly: the permutation wants 64-bit rotates on 25 lanes held in
 * registers. @noble/hashes does it in pure JS on 32-bit halves and measured
 * ~6.6 µs per permutation here, which alone would spend well over 100 ms per
 * block on node hashing; the same permutation over i64 locals is an order of
 * magnitude faster. The module is generated (not shipped as a blob) so the
 * whole algorithm stays readable below and no build step or dependency is
 * needed.
 */
export function keccakWasmBytes(): Uint8Array {
  return Uint8Array.from(
    module([
      ...typeSection(),
      ...functionSection(),
      ...memorySection(),
      ...exportSection(),
      ...codeSection(),
    ]),
  )
}

/** Byte offset in linear memory where the caller writes the 24 round constants. */
export const ROUND_CONSTANTS_OFFSET = 0

/** Lane rotation offsets, indexed x + 5y, derived from the spec's (t+1)(t+2)/2 walk. */
export function rotationOffsets(): number[] {
  const r = new Array<number>(25).fill(0)
  let x = 1
  let y = 0
  for (let t = 0; t < 24; t++) {
    r[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64
    const nx = y
    y = (2 * x + 3 * y) % 5
    x = nx
  }
  return r
}

/** The 24 iota round constants, from the spec's degree-8 LFSR. */
export function roundConstants(): bigint[] {
  const out: bigint[] = []
  let lfsr = 1
  for (let round = 0; round < 24; round++) {
    let rc = 0n
    for (let j = 0; j < 7; j++) {
      // Bit 2^j - 1 of the constant is the LFSR output for step j + 7 * round.
      if (lfsr & 1) rc |= 1n << BigInt((1 << j) - 1)
      lfsr = lfsr & 0x80 ? ((lfsr << 1) ^ 0x71) & 0xff : (lfsr << 1) & 0xff
    }
    out.push(rc)
  }
  return out
}

// Opcodes used below (WebAssembly core spec, binary format).
const OP = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  i64Load: 0x29,
  i64Store: 0x37,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Ne: 0x47,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i64And: 0x83,
  i64Xor: 0x85,
  i64Rotl: 0x89,
} as const
const VOID = 0x40
const I32 = 0x7f
const I64 = 0x7e

// Local indices: the three i32 parameters, one i32 round offset, then i64 lanes.
const IN_PTR = 0
const BLOCKS = 1
const OUT_PTR = 2
const ROUND = 3
const S = 4 // state lanes s[0..24]
const B = S + 25 // rho/pi output b[0..24]
const C = B + 25 // theta column parities c[0..4]
const D = C + 5 // theta effects d[0..4]
const I64_LOCALS = 25 + 25 + 5 + 5

function uleb(n: number): number[] {
  const out: number[] = []
  do {
    let byte = n & 0x7f
    n >>>= 7
    if (n !== 0) byte |= 0x80
    out.push(byte)
  } while (n !== 0)
  return out
}

function sleb(n: number): number[] {
  const out: number[] = []
  for (;;) {
    const byte = n & 0x7f
    n >>= 7
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte)
      return out
    }
    out.push(byte | 0x80)
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body]
}

function name(text: string): number[] {
  return [...uleb(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))]
}

function module(sections: number[]): number[] {
  return [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...sections]
}

function typeSection(): number[] {
  return section(1, [1, 0x60, 3, I32, I32, I32, 0])
}

function functionSection(): number[] {
  return section(3, [1, 0])
}

function memorySection(): number[] {
  // One memory, no maximum, 2 pages to start; the JS side grows it on demand.
  return section(5, [1, 0x00, 2])
}

function exportSection(): number[] {
  return section(7, [2, ...name('memory'), 0x02, 0, ...name('absorb'), 0x00, 0])
}

function codeSection(): number[] {
  const body = [2, 1, I32, ...uleb(I64_LOCALS), I64, ...absorbBody(), OP.end]
  return section(10, [1, ...uleb(body.length), ...body])
}

const get = (i: number) => [OP.localGet, ...uleb(i)]
const set = (i: number) => [OP.localSet, ...uleb(i)]
const i32 = (n: number) => [OP.i32Const, ...sleb(n)]
const i64 = (n: number) => [OP.i64Const, ...sleb(n)]
// Memory immediates: alignment exponent 3 (8 bytes), then a byte offset.
const load64 = (offset: number) => [OP.i64Load, 3, ...uleb(offset)]
const store64 = (offset: number) => [OP.i64Store, 3, ...uleb(offset)]

function absorbBody(): number[] {
  const code: number[] = []
  code.push(OP.block, VOID, OP.loop, VOID)
  // Absorb one 136-byte block: the first 17 lanes take the input.
  for (let i = 0; i < 17; i++)
    code.push(...get(S + i), ...get(IN_PTR), ...load64(8 * i), OP.i64Xor, ...set(S + i))
  code.push(...i32(0), ...set(ROUND), OP.loop, VOID, ...permutationRound())
  code.push(...get(ROUND), ...i32(8), OP.i32Add, ...set(ROUND))
  code.push(...get(ROUND), ...i32(24 * 8), OP.i32LtU, OP.brIf, 0, OP.end)
  code.push(...get(IN_PTR), ...i32(136), OP.i32Add, ...set(IN_PTR))
  code.push(...get(BLOCKS), ...i32(1), OP.i32Sub, ...set(BLOCKS))
  code.push(...get(BLOCKS), ...i32(0), OP.i32Ne, OP.brIf, 0, OP.end, OP.end)
  // Squeeze: Keccak-256 output is the first four lanes.
  for (let i = 0; i < 4; i++) code.push(...get(OUT_PTR), ...get(S + i), ...store64(8 * i))
  return code
}

function permutationRound(): number[] {
  const code: number[] = []
  const rot = rotationOffsets()
  // Theta: column parities, then each lane absorbs its neighbours' parities.
  for (let x = 0; x < 5; x++) {
    code.push(...get(S + x))
    for (let y = 1; y < 5; y++) code.push(...get(S + x + 5 * y), OP.i64Xor)
    code.push(...set(C + x))
  }
  for (let x = 0; x < 5; x++) {
    code.push(
      ...get(C + ((x + 4) % 5)),
      ...get(C + ((x + 1) % 5)),
      ...i64(1),
      OP.i64Rotl,
      OP.i64Xor,
      ...set(D + x),
    )
  }
  for (let i = 0; i < 25; i++) code.push(...get(S + i), ...get(D + (i % 5)), OP.i64Xor, ...set(S + i))
  // Rho and pi: b[y, 2x + 3y] = rotl(s[x, y], r[x, y]).
  for (let x = 0; x < 5; x++) {
    for (let y = 0; y < 5; y++) {
      const to = y + 5 * ((2 * x + 3 * y) % 5)
      code.push(...get(S + x + 5 * y))
      if (rot[x + 5 * y] !== 0) code.push(...i64(rot[x + 5 * y]), OP.i64Rotl)
      code.push(...set(B + to))
    }
  }
  // Chi: s[x, y] = b[x, y] ^ (~b[x+1, y] & b[x+2, y]).
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) {
      code.push(...get(B + x + 5 * y), ...get(B + ((x + 1) % 5) + 5 * y), ...i64(-1), OP.i64Xor)
      code.push(...get(B + ((x + 2) % 5) + 5 * y), OP.i64And, OP.i64Xor, ...set(S + x + 5 * y))
    }
  }
  // Iota: lane 0 takes this round's constant.
  code.push(...get(S), ...get(ROUND), ...load64(ROUND_CONSTANTS_OFFSET), OP.i64Xor, ...set(S))
  return code
}
