import { afterAll, beforeAll, expect, onTestFinished, test } from 'vitest'
import { encodeReceipt, orderedTrieRoot, transactionType } from '../block/index.ts'
import { createBackgroundCompiler, createCompilerStats } from '../evmCompiler/index.ts'
import type { BlockToVerify } from './createStatelessVerifier.ts'
import { createStatelessVerifier } from './createStatelessVerifier.ts'
import { startTestChain, type TestChain } from './verifierTestSupport.ts'

let chain: TestChain
let blocks: BlockToVerify[]
const verifier = createStatelessVerifier({ chainId: 31337n })

beforeAll(async () => {
  chain = await startTestChain(4)
  const { signers, sequencer } = chain
  // Block 1: deployments.
  const token = await chain.deploy('token', [10n ** 24n])
  const probe = await chain.deploy('probe')
  await sequencer.sealBlock()
  // Block 2: ETH and ERC-20 transfers, storage writes, a revert.
  await Promise.all([
    ...signers.map((s, i) =>
      chain.send(s, { to: signers[(i + 1) % 4].address, value: 1000n + BigInt(i), gasLimit: 21_000n }),
    ),
    chain.call(token, 'token', 'transfer', [signers[1].address, 500n]),
    chain.call(token, 'token', 'transfer', [signers[2].address, 700n]),
    ...Array.from({ length: 40 }, (_, k) =>
      chain.call(probe, 'probe', 'set', [BigInt(k), BigInt(k + 1)], signers[3]),
    ),
    chain.call(probe, 'probe', 'setThenRevert', [99n, 5n, 1n], signers[2]),
  ])
  await sequencer.sealBlock()
  // Block 3: storage deletions (branches collapse), a whole-balance token transfer, reads.
  await Promise.all([
    ...Array.from({ length: 37 }, (_, k) => chain.call(probe, 'probe', 'set', [BigInt(k), 0n], signers[3])),
    chain.call(token, 'token', 'transfer', [signers[3].address, 500n], signers[1]),
    chain.call(probe, 'probe', 'nested', [7n], signers[2]),
  ])
  await sequencer.sealBlock()
  blocks = await chain.blocksToVerify()
}, 60_000)

afterAll(() => chain?.sequencer.close())

test('re-executes real blocks from their witnesses alone and gets the sequencer roots', async () => {
  expect(blocks.map((b) => b.header.number)).toEqual([1n, 2n, 3n])
  for (const block of blocks) {
    const result = await verifier.verify(block)
    expect(result.reason).toBeUndefined()
    expect(result).toMatchObject({ ok: true, blockNumber: block.header.number })
    expect(result.stateRoot).toStrictEqual(block.header.stateRoot)
    expect(result.receiptsRoot).toStrictEqual(block.header.receiptsRoot)
  }
})

test('with compiled contracts, accepts the same blocks and gets the same roots', async () => {
  const stats = createCompilerStats()
  const background = createBackgroundCompiler()
  onTestFinished(() => background.close())
  const compiling = createStatelessVerifier({
    chainId: 31337n,
    compileContracts: true,
    compiler: { background, stats },
  })
  // The first pass queues the hot code for the worker; the second runs it compiled (the cache outlives each block).
  for (let pass = 0; pass < 2; pass++) {
    for (const block of blocks) {
      const result = await compiling.verify(block)
      expect(result.reason).toBeUndefined()
      expect(result.stateRoot).toStrictEqual(block.header.stateRoot)
      expect(result.receiptsRoot).toStrictEqual(block.header.receiptsRoot)
    }
    await background.idle()
  }
  expect(stats.compiledFrames).toBeGreaterThan(0)
})

test('a flipped byte in any witness node is rejected', async () => {
  const block = blocks[1]
  const nodes = block.witness.nodes.map((n) => n.slice())
  nodes[nodes.length >> 1][5] ^= 1
  const result = await verifier.verify({ ...block, witness: { ...block.witness, nodes } })
  expect(result.ok).toBe(false)
  expect(result.reason).toMatch(/not reachable from the parent state root/)
})

test('a witness without a key execution reads is rejected, naming the key', async () => {
  const block = blocks[1]
  const accounts = block.witness.accounts.filter((_, i) => i !== 0)
  const result = await verifier.verify({ ...block, witness: { ...block.witness, accounts } })
  expect(result.ok).toBe(false)
  expect(result.reason).toMatch(/which the witness does not cover/)
})

test('dropping any one node of a witness with deletions is rejected', async () => {
  const block = blocks[2]
  for (let i = 0; i < block.witness.nodes.length; i++) {
    const nodes = block.witness.nodes.filter((_, k) => k !== i)
    const result = await verifier.verify({ ...block, witness: { ...block.witness, nodes } })
    expect(result.ok).toBe(false)
    expect(result.reason).toMatch(/lacks a trie node|not reachable/)
  }
})

test('a tampered transaction, sender or receipt is rejected', async () => {
  const block = blocks[1]
  const transactions = block.transactions.map((tx) => ({ ...tx }))
  transactions[0] = { ...transactions[0], raw: transactions[0].raw.slice() }
  transactions[0].raw[transactions[0].raw.length - 40] ^= 1
  expect((await verifier.verify({ ...block, transactions })).reason).toMatch(/transactions root/)

  const swapped = block.transactions.map((tx, i) =>
    i === 0 ? { ...tx, from: block.transactions[1].from } : tx,
  )
  const wrongSender = await verifier.verify({ ...block, transactions: swapped })
  expect(wrongSender.ok).toBe(false)

  const receipts = (await chain.sequencer.events.readFrom(1n, 1 << 30))
    .flatMap(({ event }) =>
      event.kind === 'miniBlock' && event.miniBlock.blockNumber === 2n ? [event.miniBlock] : [],
    )
    .flatMap((m) => m.receipts.map((r, i) => ({ r, raw: m.transactions[i].raw })))
  const tampered = receipts.map(({ r, raw }, i) =>
    encodeReceipt(
      transactionType(raw),
      i === 3 ? { ...r, cumulativeGasUsed: r.cumulativeGasUsed + 1n } : r,
      new Uint8Array(256),
    ),
  )
  const result = await verifier.verify({ ...block, receiptsRoot: orderedTrieRoot(tampered) })
  expect(result.ok).toBe(false)
  expect(result.reason).toMatch(/receipts root/)
  expect(result.stateRoot).toStrictEqual(block.header.stateRoot)
})

test('a witness against another parent root is rejected', async () => {
  const result = await verifier.verify({ ...blocks[2], parentStateRoot: blocks[0].header.stateRoot })
  expect(result.reason).toMatch(/not the parent root/)
})
