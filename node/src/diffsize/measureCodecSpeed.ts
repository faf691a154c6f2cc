import {
  createDiffDecoder,
  createDiffEncoder,
  decodeStateDiff,
  encodeStateDiff,
  type PreStateLookup,
  type StateDiff,
} from '@rtevm/protocol'

/** Warm per-diff codec cost, µs, for v1 and v2 (v2 including its pre-state and id lookups). */
export type CodecSpeed = { v1EncodeUs: number; v1DecodeUs: number; v2EncodeUs: number; v2DecodeUs: number }

const EMPTY_CODE_HASH = new Uint8Array([
  0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d, 0xb2, 0xdc, 0xc7, 0x03, 0xc0, 0xe5, 0x00,
  0xb6, 0x53, 0xca, 0x82, 0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70,
])

/**
 * Encodes and decodes ERC-20-transfer-shaped diffs (sender nonce and fee,
 * two balance slots of a token) over `holders` accounts in a warm loop. The
 * pre-state is fixed, so every diff is the same size of change; ids are all
 * known after the first round, as on a running chain. The sequencer-driven
 * runs are too short to time: v1 is hot there (the event log uses it) and v2
 * is not.
 */
export function measureCodecSpeed(holders = 1000, rounds = 20_000): CodecSpeed {
  const token = new Uint8Array(20).fill(0xee)
  const tokenHash = new Uint8Array(32).fill(0x77)
  const address = (i: number) => {
    const a = new Uint8Array(20)
    new DataView(a.buffer).setUint32(16, i + 1)
    return a
  }
  const slotOf = (i: number) => {
    const s = new Uint8Array(32)
    new DataView(s.buffer).setUint32(28, i * 2654435761)
    return s
  }
  const lookup: PreStateLookup = {
    account: (a) =>
      a[0] === 0xee
        ? { nonce: 1n, balance: 0n, codeHash: tokenHash }
        : { nonce: 7n, balance: 10n ** 24n, codeHash: EMPTY_CODE_HASH },
    storage: () => 10n ** 24n,
  }
  const diffs: StateDiff[] = Array.from({ length: holders }, (_, i) => ({
    accounts: [
      {
        address: address(i),
        deleted: false,
        storageCleared: false,
        nonce: 8n,
        balance: 10n ** 24n - 51_234n * 10n ** 9n,
        codeHash: EMPTY_CODE_HASH,
        storage: [],
      },
      {
        address: token,
        deleted: false,
        storageCleared: false,
        nonce: 1n,
        balance: 0n,
        codeHash: tokenHash,
        storage: [
          { slot: slotOf(i), value: 10n ** 24n - BigInt(1 + (i % 997)) * 10n ** 16n },
          { slot: slotOf((i * 7 + 3) % holders), value: 10n ** 24n + BigInt(1 + (i % 997)) * 10n ** 16n },
        ],
      },
    ],
  }))
  const encoder = createDiffEncoder(lookup)
  const decoder = createDiffDecoder(lookup)
  for (const diff of diffs) decoder.decode(encoder.encode(diff))
  const v2 = diffs.map((d) => encoder.encode(d))
  for (const bytes of v2) decoder.decode(bytes)
  const v1 = diffs.map(encodeStateDiff)
  const time = (run: (i: number) => void) => {
    for (let i = 0; i < rounds; i++) run(i % holders) // warm-up
    const started = performance.now()
    for (let i = 0; i < rounds; i++) run(i % holders)
    return ((performance.now() - started) * 1000) / rounds
  }
  return {
    v1EncodeUs: time((i) => encodeStateDiff(diffs[i])),
    v1DecodeUs: time((i) => decodeStateDiff(v1[i])),
    v2EncodeUs: time((i) => encoder.encode(diffs[i])),
    v2DecodeUs: time((i) => decoder.decode(v2[i])),
  }
}
