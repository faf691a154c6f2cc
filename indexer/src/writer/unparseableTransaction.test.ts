import { PGlite } from '@electric-sql/pglite'
import { createLinkServer, type LinkServer } from '@rtevm/node'
import { encodeStreamEvent, type RtevmError, type StreamEvent } from '@rtevm/protocol'
import { type Address, bytesToHex, parseTransaction } from 'viem'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { IndexerErrorCode, IndexerTransactionError } from '../errors.ts'
import { createIndexer } from '../follower/createIndexer.ts'
import { countRows, startTestChain, type TestChain, testChainConfig } from '../follower/indexerTestSupport.ts'

type Backend = Parameters<typeof createLinkServer>[0]['backend']
type LoggedEvent = ReturnType<Backend['events']['readFrom']>[number]

const WAIT = { timeout: 10_000, interval: 10 }
let chain: TestChain | undefined
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  await chain?.close()
  chain = undefined
})

// Transactions sent here reach the indexer with bytes no parser accepts.
const POISONED: Address = '0x0000000000000000000000000000000000000bad'

const isPoisoned = (raw: Uint8Array) => parseTransaction(bytesToHex(raw)).to === POISONED

/**
 * A second link server over the real sequencer whose stream carries every
 * transaction to `POISONED` with unparseable bytes (the fault under test);
 * every other event is passed through as the sequencer logged it.
 */
async function corruptingLink(current: TestChain): Promise<LinkServer> {
  const corrupt = (logged: LoggedEvent): LoggedEvent => {
    const { event } = logged
    if (event.kind !== 'miniBlock' || !event.miniBlock.transactions.some((tx) => isPoisoned(tx.raw))) {
      return logged
    }
    const transactions = event.miniBlock.transactions.map((tx) =>
      isPoisoned(tx.raw) ? { ...tx, raw: new Uint8Array([0x02, 0xc1, 0xff]) } : tx,
    )
    const changed: StreamEvent = { ...event, miniBlock: { ...event.miniBlock, transactions } }
    return { seq: changed.seq, event: changed, bytes: encodeStreamEvent(changed), wire: undefined }
  }
  const { sequencer } = current
  const backend: Backend = {
    submit: (raw) => sequencer.submit(raw),
    submitAs: (from, raw) => sequencer.submitAs(from, raw),
    dev: (command) => sequencer.dev(command),
    witness: (blockNumber) => sequencer.witness(blockNumber),
    attest: (attestation) => sequencer.attest(attestation),
    encodedGenesis: () => sequencer.encodedGenesis(),
    events: {
      head: () => sequencer.events.head(),
      readFrom: (fromSeq, max) => sequencer.events.readFrom(fromSeq, max).map(corrupt),
      subscribe: (listener) => sequencer.events.subscribe((logged) => listener(corrupt(logged))),
    },
  }
  const link = await createLinkServer({ config: { ...testChainConfig.link, port: 0 }, backend })
  cleanups.push(() => link.close())
  return link
}

describe('an unparseable transaction in the stream', () => {
  it('halts the indexer at the cursor before it with IndexerTransactionError, without retrying', async () => {
    // Blocks only when sealed here, so the stream holds just what the test sends.
    chain = await startTestChain({ blockIntervalMs: 60_000 })
    const link = await corruptingLink(chain)
    const db = await PGlite.create()
    cleanups.push(() => db.close())
    const errors: RtevmError[] = []
    const indexer = await createIndexer({
      db,
      sequencerUrl: link.url,
      retryDelayMs: 5,
      onError: (error) => errors.push(error),
    })
    cleanups.push(() => indexer.close())
    await indexer.ready()

    const [, bob] = chain.accounts
    await chain.sendEth(0, bob, 1n)
    await chain.sequencer.sealBlock()
    const good = chain.sequencer.events.head()
    await vi.waitFor(() => expect(indexer.committedSeq()).toBe(good), WAIT)
    const before = await countRows(db, 'transactions')

    const bad = await chain.sendEth(0, POISONED, 2n)
    await vi.waitFor(() => expect(indexer.halted()).toBeInstanceOf(IndexerTransactionError), WAIT)
    const poisonedSeq = chain.sequencer.events
      .readFrom(good + 1n, 100)
      .find(
        ({ event }) =>
          event.kind === 'miniBlock' && event.miniBlock.transactions.some((tx) => isPoisoned(tx.raw)),
      )?.event.seq
    const atHalt = indexer.committedSeq()
    expect(poisonedSeq !== undefined && atHalt < poisonedSeq).toBe(true)
    // Later events neither move the cursor nor make it retry.
    for (let i = 0; i < 5; i++) await chain.sendEth(1, bob, 3n)
    await chain.sequencer.sealBlock()
    // Several retry delays' worth of stream (5 ms each): a retrying indexer would have reported again.
    await new Promise((resolve) => setTimeout(resolve, 100))

    expect(indexer.committedSeq()).toBe(atHalt)
    expect(atHalt).toBe(good)
    expect(await countRows(db, 'transactions')).toBe(before)
    expect(errors.map((e) => e.code)).toEqual([IndexerErrorCode.BadTransaction])
    expect(errors[0].shortMessage).toContain(bytesToHex(bad.hash))
  })
})
