import fc from 'fast-check'

/** Addresses random programs call, create from and self-destruct to (test worlds give them code or not). */
export const PROGRAM_A: `0x${string}` = `0x${'aa'.repeat(20)}`
export const PROGRAM_B: `0x${string}` = `0x${'bb'.repeat(20)}`
export const EMPTY_ACCOUNT: `0x${string}` = `0x${'ee'.repeat(20)}`

/** Operands where EVM arithmetic has edges: zero, word and byte boundaries, sign bit, all ones. */
export const EDGE_WORDS = [
  0n,
  1n,
  2n,
  3n,
  31n,
  32n,
  33n,
  64n,
  255n,
  256n,
  257n,
  0x40n,
  0x1000n,
  (1n << 255n) - 1n,
  1n << 255n,
  (1n << 256n) - 1n,
  (1n << 255n) + 1n,
  0x8000000000000000n,
]

const WORDS = [...EDGE_WORDS, BigInt(PROGRAM_A), BigInt(PROGRAM_B), BigInt(EMPTY_ACCOUNT)]

const word = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }) },
  { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 200n }) },
)

const CONTEXT_OPERANDS: Record<number, number> = { 49: 1, 53: 1, 55: 3, 57: 3, 59: 1, 60: 4, 62: 3, 63: 1 }

// Opcodes with the number of operands a random item pushes before them.
const OPERANDS: [number, number][] = [
  ...range(0x01, 0x0b).map((op) => [op, op === 0x08 || op === 0x09 ? 3 : 2] as [number, number]),
  ...range(0x10, 0x1d).map((op) => [op, op === 0x15 || op === 0x19 ? 1 : 2] as [number, number]),
  [0x20, 2],
  ...range(0x30, 0x3f).map((op) => [op, CONTEXT_OPERANDS[op] ?? 0] as [number, number]),
  ...range(0x40, 0x4a).map((op) => [op, op === 0x40 || op === 0x49 ? 1 : 0] as [number, number]),
  [0x50, 1],
  [0x51, 1],
  [0x52, 2],
  [0x53, 2],
  [0x54, 1],
  [0x55, 2],
  [0x58, 0],
  [0x59, 0],
  [0x5a, 0],
  [0x5c, 1],
  [0x5d, 2],
  [0x5e, 3],
  [0x5f, 0],
  ...range(0xa0, 0xa4).map((op) => [op, op - 0xa0 + 2] as [number, number]),
  [0xf0, 3],
  [0xf1, 7],
  [0xf2, 7],
  [0xf4, 6],
  [0xf5, 4],
  [0xfa, 6],
  [0xf3, 2],
  [0xfd, 2],
  [0xfe, 0],
  [0xff, 1],
  [0x0c, 0], // unassigned
  [0x21, 0], // unassigned
  [0xef, 0], // unassigned
]

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}

/** One piece of a random program; jumps name a label by index and are laid out later. */
type Item =
  | { kind: 'op'; op: number; operands: bigint[] }
  | { kind: 'push'; size: number; value: bigint }
  | { kind: 'stack'; op: number }
  | { kind: 'label' }
  | { kind: 'jump'; conditional: boolean; label: number; condition: bigint }

const item: fc.Arbitrary<Item> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...OPERANDS), fc.array(word, { minLength: 7, maxLength: 7 }), fc.nat({ max: 4 }))
      .map(
        ([[op, count], words, bare]): Item => ({
          kind: 'op',
          op,
          operands: bare === 0 ? [] : words.slice(0, count),
        }),
      ),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 32 }), word)
      .map(([size, value]): Item => ({ kind: 'push', size, value: value & ((1n << BigInt(size * 8)) - 1n) })),
  },
  { weight: 3, arbitrary: fc.integer({ min: 0x80, max: 0x9f }).map((op): Item => ({ kind: 'stack', op })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'label' }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('jump'),
      conditional: fc.boolean(),
      label: fc.nat(),
      condition: fc.constantFrom(0n, 1n, 5n),
    }),
  },
)

/**
 * Bytecode from random items after a few pushed words (so DUP, SWAP and bare
 * opcodes find operands): valid PUSH data, jumps to real JUMPDESTs (or, now
 * and then, elsewhere).
 */
export const randomProgram: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.array(word, { maxLength: 20 }),
    fc.array(item, { minLength: 1, maxLength: 60 }),
    fc.nat({ max: 9 }),
    fc.boolean(),
  )
  .map(([prefix, items, bogusEvery, truncated]) =>
    layout(
      [...prefix.map((value): Item => ({ kind: 'push', size: 32, value })), ...items],
      bogusEvery,
      truncated,
    ),
  )

function layout(items: Item[], bogusEvery: number, truncated: boolean): Uint8Array {
  const labels: number[] = []
  let size = 0
  for (const piece of items) {
    if (piece.kind === 'label') labels.push(size)
    size += sizeOf(piece)
  }
  const bytes: number[] = []
  let jumps = 0
  for (const piece of items) {
    switch (piece.kind) {
      case 'op':
        for (const operand of [...piece.operands].reverse()) bytes.push(...push(operand, 32))
        bytes.push(piece.op)
        break
      case 'push':
        bytes.push(...push(piece.value, piece.size))
        break
      case 'stack':
        bytes.push(piece.op)
        break
      case 'label':
        bytes.push(0x5b)
        break
      case 'jump': {
        jumps++
        const invalid = labels.length === 0 || (bogusEvery > 0 && jumps % bogusEvery === 0)
        const target = invalid ? piece.label % (size + 2) : labels[piece.label % labels.length]
        if (piece.conditional) bytes.push(...push(piece.condition, 1))
        bytes.push(...push(BigInt(target), 2), piece.conditional ? 0x57 : 0x56)
        break
      }
    }
  }
  // A PUSH cut short by the end of the code reads zeros.
  if (truncated) bytes.push(0x62, 0x01)
  return Uint8Array.from(bytes)
}

function sizeOf(piece: Item): number {
  switch (piece.kind) {
    case 'op':
      return piece.operands.length * 33 + 1
    case 'push':
      return piece.size + 1
    case 'stack':
    case 'label':
      return 1
    case 'jump':
      return (piece.conditional ? 2 : 0) + 4
  }
}

function push(value: bigint, size: number): number[] {
  const bytes = [0x5f + size]
  for (let i = size - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 255n))
  return bytes
}
