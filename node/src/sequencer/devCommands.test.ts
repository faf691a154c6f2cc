import { keccak_256 } from '@noble/hashes/sha3.js'
import { ErrorCode, type MiniBlock, type StreamEvent } from '@rtevm/protocol'
import { computeStateRoot, createTxSigner, dumpSequencerState } from '@rtevm/testkit'
import { type Hex, hexToBytes } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { defineConfig, type SequencerConfigInput } from '../config/index.ts'
import { createReplica, type Replica } from '../replica/index.ts'
import { bytesToBigInt, hexFromBytes } from '../state/index.ts'
import { createSequencer, type Sequencer } from './createSequencer.ts'

const GWEI = 1_000_000_000n
const STRANGER = '0x00000000000000000000000000000000000b0b00'
const CODE = hexToBytes('0x6001600055')

let sequencer: Sequencer | undefined
let replica: Replica | undefined

afterEach(async () => {
  await sequencer?.close()
  sequencer = undefined
  replica = undefined
})

/** A sequencer with a replica applying every event it emits, so each test also proves followers keep up. */
async function start(input: SequencerConfigInput = {}) {
  const config = defineConfig({ blockIntervalMs: 2 ** 31 - 1, recoveryWorkers: 1, ...input })
  sequencer = await createSequencer(config)
  replica = await createReplica(sequencer.genesis)
  for (const logged of sequencer.events.readFrom(1n, 100)) replica.apply(logged.event)
  sequencer.events.subscribe((logged) => replica!.apply(logged.event))
  return sequencer
}

const bytes = (address: string) => hexToBytes(address as Hex)
const key = (address: string) => address.slice(2).toLowerCase()

function miniBlocks(from: bigint): MiniBlock[] {
  return sequencer!.events
    .readFrom(from, 1000)
    .map((logged) => logged.event)
    .filter((event): event is Extract<StreamEvent, { kind: 'miniBlock' }> => event.kind === 'miniBlock')
    .map((event) => event.miniBlock)
}

async function expectRootsAgree() {
  const block = await sequencer!.sealBlock()
  expect(hexFromBytes(block.header.stateRoot)).toBe(
    hexFromBytes(await computeStateRoot(dumpSequencerState(sequencer!))),
  )
  expect(replica!.haltedBy()).toBeUndefined()
}

function transfer(from: { privateKey: Hex; address: Hex }, nonce: bigint) {
  return createTxSigner(from.privateKey, from.address).sign({
    nonce,
    to: STRANGER,
    value: 1n,
    gasLimit: 21_000n,
    maxFeePerGas: 2n * GWEI,
    maxPriorityFeePerGas: 0n,
  })
}

/** A transaction in signed form whose signature is filler: what an impersonated send carries. */
function unsigned(from: Hex, nonce: bigint) {
  return createTxSigner(`0x${'11'.repeat(32)}`, from).sign({
    nonce,
    to: STRANGER,
    value: 5n,
    gasLimit: 21_000n,
    maxFeePerGas: 2n * GWEI,
    maxPriorityFeePerGas: 0n,
  })
}

describe('sequencer dev commands: state edits', () => {
  it('publishes each edit as a mini-block without transactions whose diff carries it', async () => {
    await start()
    const head = sequencer!.events.head()
    await sequencer!.dev({ op: 'setBalance', address: bytes(STRANGER), value: 7n * GWEI })
    await sequencer!.dev({ op: 'setNonce', address: bytes(STRANGER), value: 9n })
    await sequencer!.dev({ op: 'setCode', address: bytes(STRANGER), code: CODE })
    await sequencer!.dev({
      op: 'setStorageAt',
      address: bytes(STRANGER),
      slot: new Uint8Array(32),
      value: 42n,
    })

    const account = sequencer!.state.getAccount(key(STRANGER))
    expect(account).toMatchObject({ balance: 7n * GWEI, nonce: 9n })
    expect(account!.codeHash).toStrictEqual(keccak_256(CODE))
    expect(bytesToBigInt(sequencer!.state.getStorage(key(STRANGER), '00'.repeat(32)))).toBe(42n)

    const edits = miniBlocks(head + 1n)
    expect(edits).toHaveLength(4)
    for (const mini of edits) {
      expect(mini.transactions).toHaveLength(0)
      expect(mini.stateDiff.accounts).toHaveLength(1)
    }
    expect(edits[2].stateDiff.accounts[0].code).toStrictEqual(CODE)
    expect(edits[3].stateDiff.accounts[0].storage).toStrictEqual([{ slot: new Uint8Array(32), value: 42n }])
    await expectRootsAgree()
    expect(replica!.getAccount(bytes(STRANGER))?.balance).toBe(7n * GWEI)
    expect(replica!.getCode(bytes(STRANGER))).toStrictEqual(CODE)
    expect(replica!.getStorage(bytes(STRANGER), new Uint8Array(32))).toBe(42n)
  })

  it('publishes nothing for an edit that changes nothing, and removes an account left empty', async () => {
    await start()
    const head = sequencer!.events.head()
    await sequencer!.dev({ op: 'setBalance', address: bytes(STRANGER), value: 0n })
    expect(sequencer!.events.head()).toBe(head)
    await sequencer!.dev({ op: 'setBalance', address: bytes(STRANGER), value: 1n })
    await sequencer!.dev({ op: 'setBalance', address: bytes(STRANGER), value: 0n })
    expect(sequencer!.state.getAccount(key(STRANGER))).toBeUndefined()
    expect(miniBlocks(head + 1n).at(-1)!.stateDiff.accounts[0].deleted).toBe(true)
    await expectRootsAgree()
  })

  it('a nonce set by hand is the one the next transaction must use', async () => {
    const seq = await start()
    const [alice] = seq.devAccounts
    await seq.dev({ op: 'setNonce', address: bytes(alice.address), value: 5n })
    await expect(seq.submit(transfer(alice, 0n))).rejects.toMatchObject({ code: ErrorCode.NonceTooLow })
    const inclusion = await seq.submit(transfer(alice, 5n))
    expect(inclusion.receipt.status).toBe(1)
    await expectRootsAgree()
  })

  it('applies edits between transactions while the sequencer is busy', async () => {
    const seq = await start()
    const [alice] = seq.devAccounts
    const sends = Array.from({ length: 50 }, (_, i) => seq.submit(transfer(alice, BigInt(i))))
    const edits = Array.from({ length: 20 }, (_, i) =>
      seq.dev({ op: 'setStorageAt', address: bytes(STRANGER), slot: new Uint8Array(32).fill(i), value: 1n }),
    )
    await Promise.all([...sends, ...edits])
    expect(sequencer!.state.storageOf(key(STRANGER))!.size).toBe(20)
    await expectRootsAgree()
  })
})

describe('sequencer dev commands: impersonation', () => {
  it('accepts unsigned transactions from an impersonated account until stopped', async () => {
    const seq = await start()
    const raw = unsigned(STRANGER, 0n)
    await expect(seq.submitAs(bytes(STRANGER), raw)).rejects.toMatchObject({
      code: ErrorCode.NotImpersonated,
    })

    await seq.dev({ op: 'setBalance', address: bytes(STRANGER), value: 10n ** 18n })
    await seq.dev({ op: 'impersonate', address: bytes(STRANGER) })
    const inclusion = await seq.submitAs(bytes(STRANGER), raw)
    expect(inclusion.receipt.status).toBe(1)
    expect(inclusion.hash).toStrictEqual(keccak_256(raw))
    const mini = miniBlocks(1n).find((m) => m.number === inclusion.miniBlockNumber)!
    expect(hexFromBytes(mini.transactions[0].from)).toBe(key(STRANGER))
    expect(sequencer!.state.getAccount(key(STRANGER))!.nonce).toBe(1n)

    await seq.dev({ op: 'stopImpersonating', address: bytes(STRANGER) })
    await expect(seq.submitAs(bytes(STRANGER), unsigned(STRANGER, 1n))).rejects.toMatchObject({
      code: ErrorCode.NotImpersonated,
    })
    await expectRootsAgree()
  })

  it('accepts unsigned transactions from any address while auto-impersonation is on', async () => {
    const seq = await start()
    await seq.dev({ op: 'setBalance', address: bytes(STRANGER), value: 10n ** 18n })
    await seq.dev({ op: 'autoImpersonate', enabled: true })
    const inclusion = await seq.submitAs(bytes(STRANGER), unsigned(STRANGER, 0n))
    expect(inclusion.receipt.status).toBe(1)

    await seq.dev({ op: 'autoImpersonate', enabled: false })
    await expect(seq.submitAs(bytes(STRANGER), unsigned(STRANGER, 1n))).rejects.toMatchObject({
      code: ErrorCode.NotImpersonated,
    })
    await expectRootsAgree()
  })
})

describe('sequencer dev commands: mining and time', () => {
  it('mines blocks on demand, spaced by the interval', async () => {
    const seq = await start()
    const before = seq.latestBlock().header
    const { value: head } = await seq.dev({ op: 'mine', blocks: 3n, intervalSeconds: 10n })
    expect(head).toBe(before.number + 3n)
    const latest = seq.latestBlock().header
    expect(latest.number).toBe(head)
    expect(latest.timestamp - before.timestamp).toBeGreaterThanOrEqual(21n)
    await expect(seq.dev({ op: 'mine', blocks: 0n, intervalSeconds: 0n })).rejects.toMatchObject({
      code: ErrorCode.InvalidDevCommand,
    })
    await expect(seq.dev({ op: 'mine', blocks: 10_001n, intervalSeconds: 0n })).rejects.toMatchObject({
      code: ErrorCode.InvalidDevCommand,
    })
    await expectRootsAgree()
  })

  it('moves the clock forward and re-times the open block', async () => {
    const seq = await start()
    const [alice] = seq.devAccounts
    const now = BigInt(Math.floor(Date.now() / 1000))
    expect(await seq.dev({ op: 'increaseTime', seconds: 3600n })).toStrictEqual({
      value: 3600n,
      seq: seq.events.head(),
    })
    await seq.submit(transfer(alice, 0n))
    const block = await seq.sealBlock()
    expect(block.header.timestamp).toBeGreaterThanOrEqual(now + 3600n)
    expect(block.transactionHashes).toHaveLength(1)
  })

  it('gives the next block exactly the timestamp asked for, sealing an open block that has transactions', async () => {
    const seq = await start()
    const [alice] = seq.devAccounts
    await seq.submit(transfer(alice, 0n))
    const target = BigInt(Math.floor(Date.now() / 1000)) + 1000n
    await seq.dev({ op: 'setNextBlockTimestamp', timestamp: target })
    expect(seq.latestBlock().transactionHashes).toHaveLength(1)
    await seq.submit(transfer(alice, 1n))
    const block = await seq.sealBlock()
    expect(block.header.timestamp).toBe(target)
    await expect(seq.dev({ op: 'setNextBlockTimestamp', timestamp: target })).rejects.toMatchObject({
      code: ErrorCode.InvalidDevCommand,
    })
  })
})

describe('sequencer dev commands: disabled', () => {
  it('refuses every dev command and impersonated send', async () => {
    const seq = await start({ devMethods: false })
    await expect(seq.dev({ op: 'mine', blocks: 1n, intervalSeconds: 0n })).rejects.toMatchObject({
      code: ErrorCode.DevMethodsDisabled,
    })
    await expect(seq.submitAs(bytes(STRANGER), unsigned(STRANGER, 0n))).rejects.toMatchObject({
      code: ErrorCode.DevMethodsDisabled,
    })
  })
})
