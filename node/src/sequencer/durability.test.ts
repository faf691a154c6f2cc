import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeWitness } from '@rtevm/protocol'
import { compileTestContracts, computeStateRoot, createTxSigner, dumpSequencerState } from '@rtevm/testkit'
import { encodeDeployData, encodeFunctionData, type Hex } from 'viem'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineConfig, type SequencerConfigInput } from '../config/index.ts'
import { createReplica } from '../replica/index.ts'
import { hexFromBytes } from '../state/index.ts'
import { createStatelessVerifier } from '../verifier/index.ts'
import { createSequencer, type Sequencer } from './createSequencer.ts'

const GWEI = 1_000_000_000n
const SINK = '0x00000000000000000000000000000000000d15c0'
let dir: string | undefined
let sequencer: Sequencer | undefined

afterEach(async () => {
  await sequencer?.close()
  sequencer = undefined
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

async function start(input: SequencerConfigInput = {}) {
  dir ??= await mkdtemp(join(tmpdir(), 'rtevm-durability-'))
  sequencer = await createSequencer(
    defineConfig({ dataDir: dir, blockIntervalMs: 2 ** 31 - 1, recoveryWorkers: 1, ...input }),
  )
  return sequencer
}

function transfer(seq: Sequencer, from: number, nonce: bigint) {
  const account = seq.devAccounts[from]
  return createTxSigner(account.privateKey, account.address).sign({
    nonce,
    to: SINK,
    value: 1n,
    gasLimit: 21_000n,
    maxFeePerGas: 2n * GWEI,
    maxPriorityFeePerGas: 1n,
  })
}

describe('sequencer durability', () => {
  it('restarts from its data directory with the same state, blocks and stream, and nonces continue', async () => {
    const first = await start({ snapshotEveryBlocks: 2 })
    for (let round = 0; round < 5; round++) {
      await Promise.all([0, 1, 2].map((from) => first.submit(transfer(first, from, BigInt(round)))))
      await first.sealBlock()
      // A snapshot still being written when the next one is due is skipped (by design): wait for
      // the ones of blocks 2 and 4, so a slow disk cannot make this test's restart replay longer.
      if (round === 1 || round === 3) {
        await vi.waitFor(() => expect(first.stats().snapshots.written).toBe((round + 1) / 2), {
          timeout: 10_000,
        })
      }
    }
    // Mini-blocks of an open block, not yet sealed into one, survive too.
    await first.submit(transfer(first, 0, 5n))
    const head = first.events.head()
    const before = dumpSequencerState(first)
    await first.close()
    // Restart replays the log on top of a snapshot, not from genesis. Blocks 2 and 4 were snapshotted;
    // block 6, sealed by the close itself, may or may not be by the time the close returns.
    expect(first.stats().snapshots.lastError).toBeUndefined()
    expect(first.stats().snapshots.written).toBeGreaterThanOrEqual(2)

    const second = await start({ snapshotEveryBlocks: 2 })
    // A clean shutdown sealed the open block, so the restart resumes on a block boundary.
    expect(second.events.head()).toBe(head + 1n)
    expect(second.latestBlock().transactionHashes).toHaveLength(1)
    const after = dumpSequencerState(second)
    expect(after.accounts).toStrictEqual(before.accounts)
    expect(hexFromBytes(second.latestBlock().header.stateRoot)).toBe(
      hexFromBytes(await computeStateRoot(after)),
    )
    const inclusion = await second.submit(transfer(second, 0, 6n))
    expect(inclusion.receipt.status).toBe(1)

    // A follower starting from genesis replays the restarted sequencer's stream and re-derives every root.
    const replica = await createReplica(second.genesis)
    for (const { event } of second.events.readFrom(1n, 10_000)) replica.apply(event)
    await second.sealBlock()
    for (const { event } of second.events.readFrom(replica.lastSeq() + 1n, 10_000)) replica.apply(event)
    expect(hexFromBytes(replica.stateRoot())).toBe(hexFromBytes(second.latestBlock().header.stateRoot))
    expect(second.stats().snapshots.lastError).toBeUndefined()
  })

  it('reseals the block open at a crash with a witness a stateless verifier accepts', async () => {
    const crashed = await start()
    const token = await deployToken(crashed)
    await crashed.sealBlock()
    const parent = crashed.latestBlock()
    // Transfers in the open block, acknowledged (so durable), then the process "dies": never closed.
    const transfers = [1, 2, 3].map((to, i) =>
      crashed.submit(tokenTransfer(crashed, token, crashed.devAccounts[to].address, BigInt(i + 1))),
    )
    await Promise.all(transfers)
    const restarted = await createSequencer(crashed.config)
    sequencer = restarted
    const resealed = restarted.latestBlock()
    expect(resealed.header.number).toBe(parent.header.number + 1n)
    expect(resealed.transactionHashes).toHaveLength(3)
    const txs = restarted.events
      .readFrom(1n, 10_000)
      .flatMap(({ event }) =>
        event.kind === 'miniBlock' && event.miniBlock.blockNumber === resealed.header.number
          ? event.miniBlock.transactions
          : [],
      )
    const verification = await createStatelessVerifier({ chainId: crashed.config.chainId }).verify({
      header: resealed.header,
      parentStateRoot: parent.header.stateRoot,
      transactions: txs.map((tx) => ({ raw: tx.raw, from: tx.from })),
      receiptsRoot: resealed.header.receiptsRoot,
      witness: decodeWitness(await restarted.witness(resealed.header.number)),
    })
    expect(verification.reason).toBeUndefined()
    expect(verification.ok).toBe(true)
  })
})

async function deployToken(seq: Sequencer): Promise<Hex> {
  const { token } = compileTestContracts()
  const deployer = seq.devAccounts[0]
  const raw = createTxSigner(deployer.privateKey, deployer.address).sign({
    nonce: 0n,
    data: encodeDeployData({ abi: token.abi, bytecode: token.bytecode, args: [10n ** 24n] }),
    gasLimit: 3_000_000n,
    maxFeePerGas: 2n * GWEI,
    maxPriorityFeePerGas: 1n,
  })
  const inclusion = await seq.submit(raw)
  return `0x${hexFromBytes(inclusion.receipt.contractAddress!)}`
}

function tokenTransfer(seq: Sequencer, token: Hex, to: string, nonce: bigint) {
  const { token: compiled } = compileTestContracts()
  const deployer = seq.devAccounts[0]
  return createTxSigner(deployer.privateKey, deployer.address).sign({
    nonce,
    to: token,
    data: encodeFunctionData({ abi: compiled.abi, functionName: 'transfer', args: [to as Hex, 5n] }),
    gasLimit: 100_000n,
    maxFeePerGas: 2n * GWEI,
    maxPriorityFeePerGas: 1n,
  })
}
