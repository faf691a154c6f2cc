// State commitment figures: Merkle Patricia Trie updates/s beside @ethereumjs/mpt,
// and the state root of one 1 s block of 3 000 ERC-20 transfers.
// Runs inside `pnpm bench`, or alone: node --import tsx node/src/commitment/commitment.bench.ts
import { pathToFileURL } from 'node:url'
import { createMPT } from '@ethereumjs/mpt'
import type { BenchResult } from '@rtevm/protocol'
import { createMerkleTrie, createStateCommitment, EMPTY_CODE_HASH } from './index.ts'

const log = (message: string) => console.error(`  ${message}`)
const BLOCK_INTERVAL_MS = 1000
// Measured blocks, after two warm-up blocks that let the JIT settle.
const BLOCKS = 10

/** Trie update rates and the block root time; about 10 s in all. */
export async function benchCommitment(): Promise<BenchResult[]> {
  const random = seededBytes(0x5eed)
  const results: BenchResult[] = []

  // Ours on 100k keys is the headline; the baseline is ~4 000 updates/s, so it
  // runs 2 batches of 2 000 on 10k keys (a shallower trie, which flatters it;
  // it re-hashes on every put, so batch size does not matter to it) and ours
  // is also measured on 10k keys for the like-for-like ratio.
  const mpt = await mptUpdateRate(random, 10_000, 2_000, 2)
  log(`@ethereumjs/mpt, 10k keys: ${Math.round(mpt)} updates/s`)
  const small = oursUpdateRate(random, 10_000, 10_000, 5)
  const large = oursUpdateRate(random, 100_000, 10_000, 5)
  log(`ours: ${Math.round(small)} updates/s on 10k keys, ${Math.round(large)} on 100k`)
  const baseline = { name: '@ethereumjs/mpt, 10k keys', value: mpt }
  results.push(
    {
      name: 'MPT key updates/s, batches of 10 000 + root (10k keys)',
      value: small,
      unit: 'updates/s',
      better: 'higher',
      baseline,
    },
    {
      name: 'MPT key updates/s, batches of 10 000 + root (100k keys)',
      value: large,
      unit: 'updates/s',
      better: 'higher',
      baseline,
    },
  )

  const block = blockRootTimes(random, {
    accounts: 100_000,
    slots: 100_000,
    transfers: 3_000,
    blocks: BLOCKS,
  })
  log(
    `block root over ${BLOCKS} blocks: median ${block.median.toFixed(1)} ms, max ${block.max.toFixed(1)} ms`,
  )
  results.push(
    {
      name: 'state root of a 3 000 ERC-20 transfer block (100k accounts + 100k slots), median',
      value: block.median,
      unit: 'ms',
      better: 'lower',
    },
    {
      name: `state root of a 3 000 ERC-20 transfer block, share of the 1 s interval (max of ${BLOCKS})`,
      value: (block.max / BLOCK_INTERVAL_MS) * 100,
      unit: '%',
      better: 'lower',
    },
  )
  return results
}

/** Updates/s of our trie: `rounds` batches of `batch` random new keys, each followed by root(). */
function oursUpdateRate(
  random: (n: number) => Uint8Array,
  size: number,
  batch: number,
  rounds: number,
): number {
  const trie = createMerkleTrie()
  for (let i = 0; i < size; i++) trie.put(random(32), accountLikeValue(random))
  trie.root()
  let elapsed = 0
  // Round -1 warms the JIT up and is not counted.
  for (let r = -1; r < rounds; r++) {
    const keys = Array.from({ length: batch }, () => random(32))
    const values = keys.map(() => accountLikeValue(random))
    const started = performance.now()
    for (let i = 0; i < batch; i++) trie.put(keys[i], values[i])
    trie.root()
    if (r >= 0) elapsed += performance.now() - started
  }
  return (batch * rounds * 1000) / elapsed
}

/** The same workload on @ethereumjs/mpt (which re-hashes its path on every put). */
async function mptUpdateRate(random: (n: number) => Uint8Array, size: number, batch: number, rounds: number) {
  const trie = await createMPT()
  for (let i = 0; i < size; i++) await trie.put(random(32), accountLikeValue(random))
  let elapsed = 0
  for (let r = 0; r < rounds; r++) {
    const keys = Array.from({ length: batch }, () => random(32))
    const values = keys.map(() => accountLikeValue(random))
    const started = performance.now()
    for (let i = 0; i < batch; i++) await trie.put(keys[i], values[i])
    trie.root()
    elapsed += performance.now() - started
  }
  return (batch * rounds * 1000) / elapsed
}

/**
 * Milliseconds to apply one block's changes and compute the state root: each
 * transfer bumps its sender's nonce and balance (gas) and moves tokens
 * between two balance slots of one token contract.
 */
function blockRootTimes(
  random: (n: number) => Uint8Array,
  sizes: { accounts: number; slots: number; transfers: number; blocks: number },
): { median: number; max: number } {
  const state = createStateCommitment()
  const holders = Array.from({ length: sizes.accounts }, () => random(20))
  const nonces = new Array<bigint>(sizes.accounts).fill(0n)
  for (const address of holders)
    state.applyAccount(address, { nonce: 0n, balance: 10n ** 21n, codeHash: EMPTY_CODE_HASH })
  const token = random(20)
  const tokenAccount = { nonce: 1n, balance: 0n, codeHash: random(32) }
  state.applyAccount(token, tokenAccount)
  const slots = Array.from({ length: sizes.slots }, () => random(32))
  for (const slot of slots) state.applyStorage(token, slot, 10n ** 20n)
  state.root()

  const times: number[] = []
  let next = 0
  for (let b = -2; b < sizes.blocks; b++) {
    const started = performance.now()
    for (let t = 0; t < sizes.transfers; t++) {
      const sender = next++ % holders.length
      nonces[sender]++
      state.applyAccount(holders[sender], {
        nonce: nonces[sender],
        balance: 10n ** 21n - nonces[sender] * 50_000n,
        codeHash: EMPTY_CODE_HASH,
      })
      // Senders' and recipients' balance slots: mostly existing holders, some new ones.
      state.applyStorage(token, slots[(sender * 7) % slots.length], 10n ** 20n - BigInt(b + 3))
      state.applyStorage(
        token,
        t % 4 === 0 ? random(32) : slots[(sender * 13 + 5) % slots.length],
        10n ** 20n + BigInt(b + 3),
      )
    }
    state.root()
    if (b >= 0) times.push(performance.now() - started)
  }
  times.sort((x, y) => x - y)
  return { median: times[Math.floor(times.length / 2)], max: times[times.length - 1] }
}

// An account RLP is ~70-110 bytes; values of that size make leaves hashed, never embedded.
function accountLikeValue(random: (n: number) => Uint8Array): Uint8Array {
  return random(80)
}

/** Deterministic bytes (xorshift32), so runs compare like for like. */
function seededBytes(seed: number): (n: number) => Uint8Array {
  let x = seed >>> 0 || 1
  return (n) => {
    const out = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      out[i] = x & 0xff
    }
    return out
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await benchCommitment()) {
    const base = r.baseline ? `  (${r.baseline.name}: ${r.baseline.value.toFixed(0)} ${r.unit})` : ''
    console.log(`${r.name}: ${r.value.toFixed(r.value >= 100 ? 0 : 1)} ${r.unit}${base}`)
  }
}
