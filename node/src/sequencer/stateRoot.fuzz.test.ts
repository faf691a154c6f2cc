import { genTransactionsTrieRoot } from '@ethereumjs/block'
import { createMPT } from '@ethereumjs/mpt'
import { RLP } from '@ethereumjs/rlp'
import { createTxFromRLP, type TypedTxData } from '@ethereumjs/tx'
import type { Block, MiniBlock, Receipt, TxInclusion } from '@rtevm/protocol'
import {
  compileTestContracts,
  computeStateRoot,
  createReferenceChain,
  createStateReplica,
  createTxSigner,
  dumpSequencerState,
  type ReferenceBlock,
  type StateDump,
  type TestContracts,
  type TxSigner,
} from '@rtevm/testkit'
import fc from 'fast-check'
import {
  type Abi,
  bytesToHex,
  encodeDeployData,
  encodeFunctionData,
  getContractAddress,
  type Hex,
  hexToBytes,
  keccak256,
  pad,
  toHex,
} from 'viem'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { defineConfig, type SequencerConfig } from '../config/index.ts'
import { createChainCommon } from '../executor/index.ts'
import { deriveDevAccounts } from '../genesis/index.ts'
import { hexFromBytes } from '../state/index.ts'
import { createSequencer, type Sequencer } from './createSequencer.ts'

const GWEI = 1_000_000_000n
const TRANSACTIONS = 2_000
const BLOCKS = 5
const MAX_PER_SENDER_PER_BLOCK = 60

let contracts: TestContracts
let sequencer: Sequencer | undefined

beforeAll(() => {
  contracts = compileTestContracts()
})

afterEach(async () => {
  await sequencer?.close()
  sequencer = undefined
})

/** mulberry32: every choice of a run follows from its seed. */
function createRandom(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    int: (max: number) => Math.floor(next() * max),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    amount: (max: bigint) => (BigInt(Math.floor(next() * 2 ** 32)) * max) >> 32n,
  }
}

type Random = ReturnType<typeof createRandom>

/**
 * Fresh recipients (never funded at genesis), plus the precompiles 0x01–0x09. Not 0x0a: the executor has
 * no KZG setup, so a call to it throws out of EthereumJS (reported; see execution.test.ts).
 */
const FRESH: Hex[] = [
  ...Array.from({ length: 40 }, (_, i) => `0x${keccak256(toHex(`fresh ${i}`)).slice(26)}` as Hex),
  ...Array.from({ length: 9 }, (_, i) => pad(toHex(i + 1), { size: 20 })),
]

/**
 * Writes the run's transactions: ETH transfers of every type, ERC-20 transfers, approvals and
 * transferFroms (many of which revert), deployments, and the probe's storage, log, revert, nested-call,
 * CREATE2 and self-destruct cases. Contract addresses are known in advance (CREATE / CREATE2).
 */
function createWorkload(random: Random, signers: TxSigner[], c: TestContracts) {
  const nonces = signers.map(() => 0n)
  const tokens: Hex[] = []
  const probes: Hex[] = []
  const children: Hex[] = []
  const salts = new Set<string>()
  let perSender = signers.map(() => 0)

  const anyone = (): Hex => (random.chance(0.6) ? random.pick(signers).address : random.pick(FRESH))
  const fees = (): Partial<TypedTxData> => {
    const type = random.pick([0, 1, 2, 2, 2])
    if (type === 2)
      return { type, maxFeePerGas: 3n * GWEI, maxPriorityFeePerGas: BigInt(random.int(3)) * GWEI }
    const gasPrice = GWEI + BigInt(random.int(3)) * GWEI
    const accessList =
      type === 1 && random.chance(0.5) ? [{ address: anyone(), storageKeys: [pad('0x01')] }] : []
    return { type, gasPrice, accessList }
  }
  const callData = (abi: Abi, functionName: string, args: readonly unknown[]) =>
    hexToBytes(encodeFunctionData({ abi, functionName, args }))

  function sign(from: number, tx: Partial<TypedTxData>): Uint8Array {
    const nonce = nonces[from]++
    perSender[from]++
    return signers[from].sign({ nonce, gasLimit: 300_000n, ...fees(), ...tx })
  }

  function deploy(from: number, kind: 'token' | 'probe'): Uint8Array {
    const address = getContractAddress({ from: signers[from].address, nonce: nonces[from] })
    const data =
      kind === 'token'
        ? encodeDeployData({
            abi: c.token.abi,
            bytecode: c.token.bytecode,
            args: [random.amount(10n ** 24n) + 1n],
          })
        : c.probe.bytecode
    const raw = sign(from, { data: hexToBytes(data), gasLimit: 2_000_000n })
    ;(kind === 'token' ? tokens : probes).push(address)
    return raw
  }

  function next(): Uint8Array {
    let from = random.int(signers.length)
    while (perSender[from] >= MAX_PER_SENDER_PER_BLOCK) from = (from + 1) % signers.length
    const roll = random.int(100)
    if (tokens.length === 0 || probes.length === 0)
      return deploy(from, tokens.length === 0 ? 'token' : 'probe')
    if (roll < 30) {
      const value = random.chance(0.2) ? 0n : random.amount(10n ** 18n)
      return sign(from, { to: anyone(), value, gasLimit: 60_000n })
    }
    if (roll < 55) {
      const amount = random.chance(0.7) ? random.amount(10n ** 21n) : random.amount(10n ** 25n)
      const gasLimit = random.chance(0.05) ? 32_000n : 300_000n // some run out of gas
      const to = random.chance(0.03) ? '0x0000000000000000000000000000000000000000' : anyone()
      return sign(from, {
        to: random.pick(tokens),
        data: callData(c.token.abi, 'transfer', [to, amount]),
        gasLimit,
      })
    }
    if (roll < 63) {
      const spender = random.pick(signers).address
      const amount = random.chance(0.2) ? 2n ** 256n - 1n : random.amount(10n ** 21n)
      return sign(from, {
        to: random.pick(tokens),
        data: callData(c.token.abi, 'approve', [spender, amount]),
      })
    }
    if (roll < 70) {
      const owner = random.pick(signers).address
      const data = callData(c.token.abi, 'transferFrom', [owner, anyone(), random.amount(10n ** 20n)])
      return sign(from, { to: random.pick(tokens), data })
    }
    if (roll < 72) return deploy(from, random.chance(0.5) ? 'token' : 'probe')
    const probe = random.pick(probes)
    const key = BigInt(random.int(24))
    const abi = c.probe.abi
    switch (random.int(10)) {
      case 0:
        return sign(from, { to: probe, data: callData(abi, 'bump', [toHex(random.amount(2n ** 64n))]) })
      case 1:
      case 2:
        return sign(from, {
          to: probe,
          data: callData(abi, 'set', [key, random.chance(0.3) ? 0n : BigInt(random.int(5))]),
        })
      case 3:
        return sign(from, { to: probe, data: callData(abi, 'setThenRevert', [key, 9n, key]) })
      case 4:
        return sign(from, { to: probe, data: callData(abi, 'nested', [key]) })
      case 5:
        return sign(from, { to: probe, data: callData(abi, 'toggle', [key]) })
      case 6: {
        const salt = pad(toHex(random.int(6)))
        const child = getContractAddress({ opcode: 'CREATE2', from: probe, salt, bytecode: c.child.bytecode })
        if (!salts.has(`${probe}${salt}`)) children.push(child)
        salts.add(`${probe}${salt}`)
        return sign(from, { to: probe, data: callData(abi, 'spawn', [salt]), value: random.amount(1000n) })
      }
      case 7:
        if (children.length > 0) {
          return sign(from, { to: random.pick(children), data: callData(c.child.abi, 'kill', [anyone()]) })
        }
        return sign(from, { to: probe, data: callData(abi, 'fail', ['nothing to kill']) })
      case 8: {
        const data = callData(abi, 'spawnEphemeral', [pad(toHex(1000 + random.int(1000)))])
        return sign(from, { to: probe, data, value: random.amount(10_000n) })
      }
      default:
        return sign(from, { to: probe, data: callData(abi, 'burn', []), gasLimit: 80_000n })
    }
  }

  return {
    next,
    startBlock: () => {
      perSender = signers.map(() => 0)
    },
  }
}

const common = createChainCommon(31337n)

/** Root of the ordered trie rlp(i) → item, with EthereumJS's trie. */
async function orderedRoot(items: readonly Uint8Array[]): Promise<Uint8Array> {
  const trie = await createMPT()
  for (let i = 0; i < items.length; i++) await trie.put(RLP.encode(i), items[i])
  return trie.root()
}

function expectSameState(replica: StateDump, sequencerState: StateDump) {
  expect([...replica.accounts.keys()].sort()).toEqual([...sequencerState.accounts.keys()].sort())
  for (const [address, account] of sequencerState.accounts) {
    const mirrored = replica.accounts.get(address)!
    expect({ address, ...mirrored }, 'the replica built from diffs equals the sequencer').toEqual({
      address,
      ...account,
    })
    const codeHash = hexFromBytes(account.codeHash)
    if (sequencerState.code.has(codeHash))
      expect(replica.code.get(codeHash)).toEqual(sequencerState.code.get(codeHash))
  }
}

function expectMatchesReference(receipts: Receipt[], reference: ReferenceBlock, block: Block) {
  expect(receipts.length).toBe(reference.results.length)
  receipts.forEach((receipt, i) => {
    const result = reference.results[i]
    const expected = {
      index: i,
      status: result.execResult.exceptionError === undefined ? 1 : 0,
      gasUsed: result.totalGasSpent,
      cumulativeGasUsed: result.receipt.cumulativeBlockGasUsed,
      contractAddress: result.createdAddress ? bytesToHex(result.createdAddress.bytes) : undefined,
      logs: result.receipt.logs.map(([address, topics, data]) => ({ address, topics, data })),
    }
    const actual = {
      index: i,
      status: receipt.status,
      gasUsed: receipt.gasUsed,
      cumulativeGasUsed: receipt.cumulativeGasUsed,
      contractAddress: receipt.contractAddress ? bytesToHex(receipt.contractAddress) : undefined,
      logs: receipt.logs,
    }
    expect(actual, `receipt ${i} of block ${block.header.number} matches stock EthereumJS`).toEqual(expected)
  })
}

async function runScenario(seed: number, compileContracts = false) {
  // The coinbase is also a sender: it pays fees and earns tips, sometimes in the same transaction.
  const defaults = defineConfig()
  const coinbase = deriveDevAccounts(defaults.mnemonic, defaults.devAccountCount)[19].address
  const config: SequencerConfig = defineConfig({ blockIntervalMs: 2 ** 31 - 1, coinbase, compileContracts })
  const s = await createSequencer(config)
  sequencer = s
  const genesis = s.devAccounts.map((a) => ({ address: a.address, balance: config.devAccountBalance }))
  const replica = createStateReplica(genesis)
  const reference = await createReferenceChain({ chainId: config.chainId, genesis })
  const miniBlocks: MiniBlock[] = []
  s.events.subscribe(({ event }) => {
    if (event.kind !== 'miniBlock') return
    miniBlocks.push(event.miniBlock)
    const redundant = replica.applyDiff(event.miniBlock.stateDiff)
    expect(redundant, `mini-block ${event.miniBlock.number}'s diff is minimal`).toEqual({
      accounts: [],
      slots: [],
    })
  })

  const random = createRandom(seed)
  const signers = s.devAccounts.map((a) => createTxSigner(a.privateKey, a.address))
  const workload = createWorkload(random, signers, contracts)
  const statuses = [0, 0]

  for (let b = 0; b < BLOCKS; b++) {
    workload.startBlock()
    const raws = Array.from({ length: TRANSACTIONS / BLOCKS }, () => workload.next())
    // Bursts of concurrent submissions, so mini-blocks interleave senders in fee order.
    const inclusions: TxInclusion[] = []
    for (let at = 0; at < raws.length; ) {
      const end = at + 1 + random.int(80)
      inclusions.push(...(await Promise.all(raws.slice(at, end).map((raw) => s.submit(raw)))))
      at = end
    }
    const block = await s.sealBlock()

    const ordered = miniBlocks.filter((m) => m.blockNumber === block.header.number)
    const sealedRaws = ordered.flatMap((m) => m.transactions.map((t) => t.raw))
    const receipts = ordered.flatMap((m) => m.receipts)
    expect(sealedRaws.length).toBe(inclusions.length)
    for (const r of receipts) statuses[r.status]++

    // 1. The state root, recomputed from scratch with EthereumJS's trie over the sequencer's RAM state.
    const dump = dumpSequencerState(s)
    expect(bytesToHex(await computeStateRoot(dump)), `state root of block ${block.header.number}`).toBe(
      bytesToHex(block.header.stateRoot),
    )
    // 2. The replica fed only by mini-block diffs holds exactly the same state.
    expectSameState(replica.state, dump)
    // 3. Transactions root, from EthereumJS's own transaction objects.
    const txs = sealedRaws.map((raw) => createTxFromRLP(raw, { common }))
    expect(bytesToHex(await genTransactionsTrieRoot(txs))).toBe(bytesToHex(block.header.transactionsRoot))
    // 4. Stock EthereumJS replays the block: same receipts, receipts root, bloom and state root.
    const replayed = await reference.runBlock(block.header, sealedRaws)
    expectMatchesReference(receipts, replayed, block)
    expect(bytesToHex(await orderedRoot(replayed.encodedReceipts))).toBe(
      bytesToHex(block.header.receiptsRoot),
    )
    const bloom = new Uint8Array(256)
    for (const result of replayed.results) for (let i = 0; i < 256; i++) bloom[i] |= result.bloom.bitvector[i]
    expect(bytesToHex(block.header.logsBloom)).toBe(bytesToHex(bloom))
    expect(bytesToHex(replayed.stateRoot), `reference state root of block ${block.header.number}`).toBe(
      bytesToHex(block.header.stateRoot),
    )
    if (random.chance(0.3)) {
      // Now and then an empty block: no transactions, the same state root.
      const empty = await s.sealBlock()
      expect(empty.header.stateRoot).toEqual(block.header.stateRoot)
      expect(bytesToHex(empty.header.transactionsRoot)).toBe(bytesToHex(await genTransactionsTrieRoot([])))
    }
  }
  // The workload must actually exercise both outcomes.
  expect(statuses[0]).toBeGreaterThan(50)
  expect(statuses[1]).toBeGreaterThan(TRANSACTIONS / 2)
}

/**
 * One seeded run per test invocation. On failure fast-check prints `{ seed }` and the run's seed as the
 * counterexample; rerun it with FUZZ_SEED=<seed>. The transactions replay exactly; their interleaving
 * across senders can differ slightly, since it follows arrival order from the recovery workers.
 */
describe('state root from scratch', () => {
  it(`matches EthereumJS over ${TRANSACTIONS} seeded random transactions in ${BLOCKS} blocks`, async () => {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (runSeed) => runScenario(runSeed)),
      { numRuns: 1, endOnFailure: true, seed },
    )
  })

  it(`matches EthereumJS with contracts compiled (evmCompiler/) over ${TRANSACTIONS} transactions`, async () => {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (runSeed) => runScenario(runSeed, true)),
      { numRuns: 1, endOnFailure: true, seed },
    )
  })
})
