import type { StreamEvent } from '@rtevm/protocol'
import { compileTestContracts, dumpSequencerState } from '@rtevm/testkit'
import { decodeEventLog, type Hex, hexToBytes, keccak256, pad, toBytes } from 'viem'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ReplicaMismatchError } from '../block/index.ts'
import { GenesisMismatchError } from '../genesis/index.ts'
import { createLinkServer, type LinkServer } from '../link/index.ts'
import { createReplica, type Replica } from './createReplica.ts'
import { ReplicaBusyError, ReplicaHaltedError, ReplicaSequenceError } from './errors.ts'
import { type Follower, followSequencer } from './followSequencer.ts'
import { caughtUp, dumpReplicaState, startTestChain, type TestChain } from './replicaTestSupport.ts'

let chain: TestChain | undefined
let server: LinkServer | undefined
let follower: Follower | undefined

beforeAll(() => {
  compileTestContracts() // solc-js takes seconds once; every test after that hits its cache
})

afterEach(async () => {
  await follower?.close()
  await server?.close()
  await chain?.sequencer.close()
  follower = server = chain = undefined
})

const TRANSFER_TOPIC = keccak256(toBytes('Transfer(address,address,uint256)'))

/** Everything a follower can compare with the sequencer once both are at the same seq. */
function expectSameChain(replica: Replica, test: TestChain) {
  const { sequencer } = test
  expect(replica.lastSeq()).toBe(sequencer.events.head())
  expect(replica.stateRoot()).toEqual(sequencer.latestBlock().header.stateRoot)
  expect(dumpReplicaState(replica)).toEqual(dumpSequencerState(sequencer))
  const events = test.events()
  const blocks = events.filter((e) => e.kind === 'block')
  const miniBlocks = events.flatMap((e) => (e.kind === 'miniBlock' ? [e.miniBlock] : []))
  expect(replica.head()).toEqual({
    miniBlock: miniBlocks.at(-1)?.number ?? 0n,
    block: sequencer.latestBlock().header.number,
    safe: sequencer.latestBlock().header.number,
    finalized: 0n,
  })
  for (const { block } of blocks) {
    expect(replica.getBlockByNumber(block.header.number)).toEqual(block)
    expect(replica.getBlockByHash(block.hash)).toEqual(block)
  }
  for (const miniBlock of miniBlocks) {
    expect(replica.getMiniBlock(miniBlock.number)).toEqual(miniBlock)
    miniBlock.transactions.forEach((tx, i) => {
      const record = replica.getTransaction(tx.hash)
      expect(record).toEqual({
        firstLogIndex: expect.any(Number),
        tx,
        receipt: miniBlock.receipts[i],
        miniBlockNumber: miniBlock.number,
        blockNumber: miniBlock.blockNumber,
        txIndex: miniBlock.firstTxIndex + i,
        timestampUs: miniBlock.timestampUs,
      })
    })
  }
}

describe('a replica following a sequencer over the link', () => {
  it('ends with the sequencer state root, state, blocks, transactions and logs', async () => {
    chain = await startTestChain(4)
    server = await createLinkServer({ config: chain.sequencer.config.link, backend: chain.sequencer })
    const replica = await createReplica(chain.sequencer.genesis)
    const errors: unknown[] = []
    follower = followSequencer(replica, { url: server.url, onError: (error) => errors.push(error) })
    await follower.ready()
    const token = await chain.deployToken(10n ** 24n)
    await chain.round(token, 10n ** 20n)
    for (let i = 0; i < 5; i++) await chain.round(token)
    await chain.sequencer.sealBlock()
    await caughtUp(replica, chain.sequencer)
    expectSameChain(replica, chain)
    expect(replica.haltedBy()).toBeUndefined()

    // Logs: every token Transfer, with global log indexes counted per EVM block.
    const head = replica.head().miniBlock
    const all = replica.getLogs({ fromMiniBlock: 1n, toMiniBlock: head, limit: 10_000 })
    const tokenBytes = hexToBytes(token)
    const transfers = replica.getLogs({
      fromMiniBlock: 1n,
      toMiniBlock: head,
      addresses: [tokenBytes],
      topics: [hexToBytes(TRANSFER_TOPIC)],
      limit: 10_000,
    })
    expect(transfers.length).toBe(1 + 6 * 4) // the mint, then 6 rounds of 4 transfers
    expect(all).toEqual(transfers)
    for (const log of transfers) {
      const record = replica.getTransaction(log.transactionHash)!
      const index = log.logIndex - record.firstLogIndex
      expect(record.receipt.logs[index].data).toEqual(log.data)
      const decoded = decodeEventLog({
        abi: chain.contracts.token.abi,
        data: `0x${Buffer.from(log.data).toString('hex')}` as Hex,
        topics: log.topics.map((t) => `0x${Buffer.from(t).toString('hex')}`) as [Hex, ...Hex[]],
      })
      expect(decoded.eventName).toBe('Transfer')
    }
    const byBlock = new Map<bigint, number[]>()
    for (const log of all)
      byBlock.set(log.blockNumber, [...(byBlock.get(log.blockNumber) ?? []), log.logIndex])
    for (const indexes of byBlock.values()) expect(indexes).toEqual(indexes.map((_, i) => i))
    const fromSecond = chain.signers[1].address
    const bySender = replica.getLogs({
      fromMiniBlock: 1n,
      toMiniBlock: head,
      topics: [null, hexToBytes(pad(fromSecond))],
      limit: 10_000,
    })
    expect(bySender.length).toBe(6)
    expect(replica.getLogs({ fromMiniBlock: 1n, toMiniBlock: head, limit: 3 })).toHaveLength(3)

    // Reads through StateReader.
    const signer = chain.signers[2].address
    const account = chain.sequencer.state.getAccount(signer.slice(2).toLowerCase())!
    expect(replica.getAccount(hexToBytes(signer))).toEqual(account)
    expect(replica.getCode(tokenBytes)).toEqual(hexToBytes(chain.contracts.token.deployedBytecode))
    expect(replica.getStorage(tokenBytes, new Uint8Array(32))).toBe(10n ** 24n) // totalSupply
    expect(errors).toEqual([])
  })

  it('catches up when it joins late, from seq 1, and keeps following', async () => {
    chain = await startTestChain(4)
    server = await createLinkServer({ config: chain.sequencer.config.link, backend: chain.sequencer })
    const token = await chain.deployToken(10n ** 24n)
    await chain.round(token, 10n ** 20n)
    for (let i = 0; i < 3; i++) await chain.round(token)
    await new Promise((resolve) => setTimeout(resolve, 150)) // at least one more block sealed by the timer
    const replica = await createReplica(chain.sequencer.genesis)
    const seen: StreamEvent[] = []
    replica.onEvent((event) => seen.push(event))
    follower = followSequencer(replica, { url: server.url })
    await caughtUp(replica, chain.sequencer)
    await chain.round(token)
    await chain.sequencer.sealBlock()
    await caughtUp(replica, chain.sequencer)
    expectSameChain(replica, chain)
    expect(seen.map((event) => event.seq)).toEqual(chain.events().map((event) => event.seq))
  })

  it('holds events back while a call has a checkpoint open on its state, then applies them in order', async () => {
    chain = await startTestChain(2)
    server = await createLinkServer({ config: chain.sequencer.config.link, backend: chain.sequencer })
    const replica = await createReplica(chain.sequencer.genesis)
    const errors: unknown[] = []
    follower = followSequencer(replica, { url: server.url, onError: (error) => errors.push(error) })
    await caughtUp(replica, chain.sequencer)
    replica.state.checkpoint() // what createCaller does around a call
    const token = await chain.deployToken(10n ** 24n)
    await chain.round(token, 5n)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const held = replica.lastSeq()
    expect(held).toBeLessThan(chain.sequencer.events.head())
    expect(() => replica.apply(chain!.events()[Number(held)])).toThrow(ReplicaBusyError)
    replica.state.revert()
    await chain.sequencer.sealBlock()
    await caughtUp(replica, chain.sequencer)
    expectSameChain(replica, chain)
    expect(errors).toEqual([])
  })
})

describe('verification', () => {
  async function historyWithTransfers(): Promise<StreamEvent[]> {
    chain = await startTestChain(2, { blockIntervalMs: 2 ** 31 - 1 })
    const token = await chain.deployToken(10n ** 24n)
    await chain.round(token, 10n ** 20n)
    await chain.sequencer.sealBlock()
    return chain.events()
  }

  function applyUntilThrows(replica: Replica, events: StreamEvent[]): unknown {
    for (const event of events) {
      try {
        replica.apply(event)
      } catch (error) {
        return error
      }
    }
    return undefined
  }

  it('detects a tampered balance in a mini-block diff at its block, and halts', async () => {
    const events = await historyWithTransfers()
    const replica = await createReplica(chain!.sequencer.genesis)
    // The block's last mini-block: a later one would overwrite the wrong balance with the right one
    // (diffs carry post-state values), which leaves nothing wrong to detect.
    const target = events.findLastIndex((e) => e.kind === 'miniBlock')
    const tampered = structuredClone(events[target]) as Extract<StreamEvent, { kind: 'miniBlock' }>
    tampered.miniBlock.stateDiff.accounts[0].balance ^= 1n
    const error = applyUntilThrows(replica, events.with(target, tampered))
    expect(error).toBeInstanceOf(ReplicaMismatchError)
    const mismatch = error as ReplicaMismatchError
    expect(mismatch.field).toBe('stateRoot')
    expect(mismatch.blockNumber).toBe(tampered.miniBlock.blockNumber)
    expect(mismatch.expected).not.toBe(mismatch.computed)
    expect(replica.haltedBy()).toBe(error)
    expect(() => replica.apply(events[replica.lastSeq() > 0n ? Number(replica.lastSeq()) : 0])).toThrow(
      ReplicaHaltedError,
    )
  })

  it('detects a tampered receipt through the receipts root', async () => {
    const events = await historyWithTransfers()
    const replica = await createReplica(chain!.sequencer.genesis)
    const target = events.findIndex((e) => e.kind === 'miniBlock' && e.miniBlock.receipts[0].logs.length > 0)
    const tampered = structuredClone(events[target]) as Extract<StreamEvent, { kind: 'miniBlock' }>
    tampered.miniBlock.receipts[0].logs[0].data[31] ^= 1
    const error = applyUntilThrows(replica, events.with(target, tampered))
    expect(error).toBeInstanceOf(ReplicaMismatchError)
    expect((error as ReplicaMismatchError).field).toBe('receiptsRoot')
    expect(() => replica.apply(events.at(-1)!)).toThrow(ReplicaHaltedError)
  })

  it('with a source in its own process, still checks the state root but takes the receipts root as sealed', async () => {
    const events = await historyWithTransfers()
    const receiptTampered = structuredClone(events)
    const withLogs = receiptTampered.findIndex(
      (e) => e.kind === 'miniBlock' && e.miniBlock.receipts[0].logs.length > 0,
    )
    ;(
      receiptTampered[withLogs] as Extract<StreamEvent, { kind: 'miniBlock' }>
    ).miniBlock.receipts[0].logs[0].data[31] ^= 1
    const trusting = await createReplica(chain!.sequencer.genesis, { sameProcessSource: true })
    expect(applyUntilThrows(trusting, receiptTampered)).toBeUndefined()
    expect(trusting.lastSeq()).toBe(events.at(-1)!.seq)

    const balanceTampered = structuredClone(events)
    const last = balanceTampered.findLastIndex((e) => e.kind === 'miniBlock')
    ;(
      balanceTampered[last] as Extract<StreamEvent, { kind: 'miniBlock' }>
    ).miniBlock.stateDiff.accounts[0].balance ^= 1n
    const checking = await createReplica(chain!.sequencer.genesis, { sameProcessSource: true })
    const error = applyUntilThrows(checking, balanceTampered)
    expect(error).toBeInstanceOf(ReplicaMismatchError)
    expect((error as ReplicaMismatchError).field).toBe('stateRoot')
  })

  it('checks genesis and refuses gaps and duplicates without halting', async () => {
    const events = await historyWithTransfers()
    const replica = await createReplica(chain!.sequencer.genesis)
    expect(() => replica.apply(events[1])).toThrow(ReplicaSequenceError)
    replica.apply(events[0])
    expect(replica.stateRoot()).toEqual(
      (events[0] as Extract<StreamEvent, { kind: 'block' }>).block.header.stateRoot,
    )
    expect(() => replica.apply(events[0])).toThrow(ReplicaSequenceError)
    for (const event of events.slice(1)) replica.apply(event)
    expectSameChain(replica, chain!)

    // A genesis whose accounts do not match block 0's state root is refused before anything is applied.
    const { genesis } = chain!.sequencer
    const accounts = genesis.accounts.map((a, i) => (i === 0 ? { ...a, balance: 1n } : a))
    await expect(createReplica({ ...genesis, accounts })).rejects.toThrow(GenesisMismatchError)
    // One that holds together but is not the stream's: block 0 itself mismatches and the replica halts.
    const other = await createReplica({ ...genesis, block: { ...genesis.block, hash: new Uint8Array(32) } })
    expect(() => other.apply(events[0])).toThrow(ReplicaMismatchError)
  })

  it('keeps only the newest mini-blocks within its retention limit', async () => {
    const events = await historyWithTransfers()
    const replica = await createReplica(chain!.sequencer.genesis, { retainMiniBlocks: 1 })
    for (const event of events) replica.apply(event)
    const newest = replica.head().miniBlock
    expect(replica.getMiniBlock(newest)).toBeDefined()
    expect(replica.getMiniBlock(newest - 1n)).toBeUndefined()
    const first = events.find((e) => e.kind === 'miniBlock')!
    expect(replica.getTransaction(first.miniBlock.transactions[0].hash)).toBeUndefined()
    expect(replica.getBlockByNumber(0n)).toBeDefined()
  })
})
