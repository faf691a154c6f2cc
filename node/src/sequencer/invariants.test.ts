import { createBlockHeader } from '@ethereumjs/block'
import type { Block, MiniBlock, StreamEvent, TxInclusion } from '@rtevm/protocol'
import { createTxSigner, type TxSigner } from '@rtevm/testkit'
import { bytesToHex } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { defineConfig, type SequencerConfigInput } from '../config/index.ts'
import { createChainCommon } from '../executor/index.ts'
import { bytesToBigInt, hexFromBytes } from '../state/index.ts'
import { createSequencer, type Sequencer } from './createSequencer.ts'

const GWEI = 1_000_000_000n
const NEVER = 2 ** 31 - 1

let sequencer: Sequencer | undefined

afterEach(async () => {
  await sequencer?.close()
  sequencer = undefined
})

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed from its seed. */
function createRandom(seed: number) {
  let a = seed >>> 0
  return (max: number) => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * max)
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type Run = { events: StreamEvent[]; live: StreamEvent[]; inclusions: TxInclusion[] }

/**
 * Submits `waves` bursts of concurrent ETH transfers from the dev accounts (random senders, values and
 * tips), with random pauses between bursts so that timers fire while transactions execute.
 */
async function drive(input: SequencerConfigInput, waves: number, seed: number): Promise<Run> {
  const s = await createSequencer(defineConfig(input))
  sequencer = s
  const live: StreamEvent[] = []
  s.events.subscribe(({ event }) => live.push(event))
  const random = createRandom(seed)
  const signers: TxSigner[] = s.devAccounts.map((a) => createTxSigner(a.privateKey, a.address))
  const nonces = signers.map(() => 0n)
  // Stay under the pool's per-sender limit (64) however far execution lags behind on a busy machine.
  const outstanding = signers.map(() => 0)
  const pending: Promise<TxInclusion>[] = []
  for (let wave = 0; wave < waves; wave++) {
    const size = 1 + random(40)
    for (let i = 0; i < size; i++) {
      let from = random(signers.length)
      while (outstanding[from] >= 40) {
        await sleep(2)
        from = random(signers.length)
      }
      const raw = signers[from].sign({
        nonce: nonces[from]++,
        to: signers[random(signers.length)].address,
        value: BigInt(random(1_000_000)),
        gasLimit: 21_000n + BigInt(random(3)) * 10_000n,
        maxFeePerGas: 3n * GWEI,
        maxPriorityFeePerGas: BigInt(random(4)) * GWEI,
      })
      outstanding[from]++
      const sender = from
      const inclusion = s.submit(raw)
      void inclusion.finally(() => outstanding[sender]--).catch(() => {})
      pending.push(inclusion)
    }
    if (random(3) > 0) await sleep(random(12))
  }
  const settled = await Promise.allSettled(pending)
  const failures = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []))
  expect(failures, 'every transaction is included').toEqual([])
  const inclusions = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []))
  await s.sealBlock()
  return { events: s.events.readFrom(1n, 1_000_000).map((logged) => logged.event), live, inclusions }
}

/** Checks every stream invariant of one run; returns the blocks and mini-blocks for further checks. */
function checkStream({ events, live, inclusions }: Run) {
  expect(live, 'live listeners see exactly what readFrom returns').toEqual(events.slice(1))
  for (const [i, event] of events.entries())
    expect(event.seq, 'seqs are contiguous from 1').toBe(BigInt(i + 1))
  expect(events[0]).toMatchObject({ kind: 'block', block: { header: { number: 0n }, miniBlockCount: 0 } })

  const blocks: Block[] = []
  const miniBlocks: MiniBlock[] = []
  let open: MiniBlock[] = [] // mini-blocks of the block being assembled
  for (const event of events) {
    if (event.kind === 'miniBlock') {
      const mini = event.miniBlock
      const previous = miniBlocks.at(-1)
      expect(mini.number, 'mini-block numbers are contiguous from 1').toBe(BigInt(miniBlocks.length + 1))
      if (previous)
        expect(mini.timestampUs, 'mini-block timestamps strictly increase').toBeGreaterThan(
          previous.timestampUs,
        )
      expect(mini.transactions.length, 'no mini-block is empty').toBeGreaterThan(0)
      expect(mini.receipts.length).toBe(mini.transactions.length)
      expect(mini.blockNumber).toBe(blocks.at(-1)!.header.number + 1n)
      expect(mini.indexInBlock).toBe(open.length)
      expect(mini.firstTxIndex).toBe(open.reduce((n, m) => n + m.transactions.length, 0))
      expect(mini.gasUsed).toBe(mini.receipts.reduce((sum, r) => sum + r.gasUsed, 0n))
      miniBlocks.push(mini)
      open.push(mini)
      continue
    }
    if (event.kind !== 'block') continue
    const { block } = event
    const parent = blocks.at(-1)
    if (parent) {
      expect(block.header.number, 'block numbers are contiguous').toBe(parent.header.number + 1n)
      expect(block.header.parentHash, 'parentHash links to the previous block').toEqual(parent.hash)
      expect(block.header.timestamp).toBeGreaterThan(parent.header.timestamp)
    }
    expect(block.miniBlockCount).toBe(open.length)
    expect(block.firstMiniBlock).toBe(open[0]?.number ?? 0n)
    const hashes = open.flatMap((m) => m.transactions.map((t) => t.hash))
    expect(block.transactionHashes, 'a block holds its mini-blocks’ transactions in order').toEqual(hashes)
    const receipts = open.flatMap((m) => m.receipts)
    let cumulative = 0n
    for (const receipt of receipts) {
      cumulative += receipt.gasUsed
      expect(receipt.cumulativeGasUsed, 'cumulativeGasUsed sums the block’s receipts').toBe(cumulative)
    }
    expect(block.header.gasUsed).toBe(cumulative)
    expect(block.header.gasUsed).toBeLessThanOrEqual(block.header.gasLimit)
    expect(bytesToHex(block.hash), `the header hash of block ${block.header.number} is Ethereum’s`).toBe(
      ethereumHeaderHash(block),
    )
    blocks.push(block)
    open = []
  }
  expect(open, 'the run ends with a sealed block').toEqual([])

  const where = new Map<string, { mini: MiniBlock; index: number }>()
  for (const mini of miniBlocks) {
    mini.transactions.forEach((tx, index) => {
      const hash = hexFromBytes(tx.hash)
      expect(where.has(hash), `transaction ${hash} appears once`).toBe(false)
      where.set(hash, { mini, index })
    })
  }
  expect(where.size, 'every transaction in the stream was submitted').toBe(inclusions.length)
  for (const inclusion of inclusions) {
    const found = where.get(hexFromBytes(inclusion.hash))
    expect(found, 'every submitted transaction is in a mini-block').toBeDefined()
    expect(inclusion.miniBlockNumber).toBe(found!.mini.number)
    expect(inclusion.blockNumber).toBe(found!.mini.blockNumber)
    expect(inclusion.txIndex).toBe(found!.mini.firstTxIndex + found!.index)
    expect(inclusion.receipt).toEqual(found!.mini.receipts[found!.index])
  }
  return { blocks, miniBlocks }
}

const common = createChainCommon(31337n)

function ethereumHeaderHash({ header }: Block): string {
  const { transactionsRoot, receiptsRoot, ...rest } = header
  const ethjs = createBlockHeader(
    { ...rest, transactionsTrie: transactionsRoot, receiptTrie: receiptsRoot },
    { common, skipConsensusFormatValidation: true },
  )
  return bytesToHex(ethjs.hash())
}

describe('stream invariants', () => {
  it('holds with concurrent submissions while a 50 ms timer seals blocks', async () => {
    const run = await drive({ blockIntervalMs: 50, miniBlockMaxWorkUs: 300 }, 100, 1)
    const { blocks, miniBlocks } = checkStream(run)
    expect(run.inclusions.length).toBeGreaterThan(500)
    // Timer-sealed blocks: several, some of them empty (the timer does not wait for traffic).
    expect(blocks.length).toBeGreaterThan(4)
    expect(blocks.filter((b) => b.header.number > 0n && b.miniBlockCount > 0).length).toBeGreaterThan(2)
    expect(miniBlocks.length).toBeGreaterThan(blocks.length)
  })

  it('holds when blocks are sealed early by a small block gas limit', async () => {
    const limit = 10n * 41_000n
    const run = await drive({ blockIntervalMs: NEVER, blockGasLimit: limit, miniBlockMaxWorkUs: 100 }, 40, 2)
    const { blocks } = checkStream(run)
    const sealed = blocks.slice(1, -1)
    expect(sealed.length).toBeGreaterThan(10)
    for (const block of sealed) {
      // Sealed early only because the next transaction (gas limit ≤ 41 000) would not have fitted.
      expect(block.header.gasUsed).toBeGreaterThan(limit - 41_000n)
      expect(block.header.gasUsed).toBeLessThanOrEqual(limit)
    }
  })

  it('holds with one mini-block per transaction and blocks sealed on demand between submissions', async () => {
    const s = await createSequencer(defineConfig({ blockIntervalMs: NEVER, miniBlockMaxWorkUs: 0 }))
    sequencer = s
    const live: StreamEvent[] = []
    s.events.subscribe(({ event }) => live.push(event))
    const signers = s.devAccounts.map((a) => createTxSigner(a.privateKey, a.address))
    const inclusions: TxInclusion[] = []
    for (let round = 0; round < 10; round++) {
      const batch = signers.map((signer) =>
        s.submit(
          signer.sign({
            nonce: BigInt(round),
            to: signers[0].address,
            gasLimit: 21_000n,
            maxFeePerGas: 3n * GWEI,
            maxPriorityFeePerGas: 1n,
          }),
        ),
      )
      inclusions.push(...(await Promise.all(batch)))
      await s.sealBlock()
      if (round % 3 === 0) await s.sealBlock() // an empty block
    }
    const run = { events: s.events.readFrom(1n, 100_000).map((l) => l.event), live, inclusions }
    const { blocks, miniBlocks } = checkStream(run)
    expect(miniBlocks.every((m) => m.transactions.length === 1)).toBe(true)
    expect(blocks.filter((b) => b.miniBlockCount === 0).length).toBe(1 + 4) // genesis and the extra seals
  })
})

describe('sealing while a transaction executes', () => {
  // Regression test for a fixed bug: sealBlock() does not check `pumping`. When a full block is sealed early inside
  // executeNext, the sealed mini-block's submitters are resolved and their continuations run while the
  // next transaction executes; one calling sealBlock() (a dev "mine after receipt" flow) seals and
  // reopens the block under it. The transaction then ran with NUMBER/TIMESTAMP of one block but is
  // included in the next; with a mini-block open, the sealed diff would also hold half a transaction.
  it('never includes a transaction in a block other than the one it executed in', async () => {
    const s = await createSequencer(
      defineConfig({ blockIntervalMs: NEVER, blockGasLimit: 150_000n, miniBlockMaxWorkUs: 1_000_000_000 }),
    )
    sequencer = s
    const [alice, bob] = s.devAccounts.map((a) => createTxSigner(a.privateKey, a.address))
    const fees = { maxFeePerGas: 3n * GWEI, maxPriorityFeePerGas: 1n }
    const first = s.submit(alice.sign({ nonce: 0n, to: bob.address, gasLimit: 21_000n, ...fees }))
    // Initcode NUMBER PUSH1 0 SSTORE STOP: the new account stores the block number it executed in.
    const initcode = Uint8Array.of(0x43, 0x60, 0x00, 0x55, 0x00)
    const second = s.submit(bob.sign({ nonce: 0n, data: initcode, gasLimit: 130_000n, ...fees }))
    void first.then(() => s.sealBlock())
    const created = await second
    const stored = bytesToBigInt(
      s.state.getStorage(hexFromBytes(created.receipt.contractAddress!), '0'.repeat(64)),
    )
    expect(stored).toBe(created.blockNumber)
  })
})
