import { bytesToHex, type Hex, pad, parseTransaction, toEventSelector } from 'viem'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { describeDatabases } from '../database/databaseTestSupport.ts'
import { type IndexerStore, openIndexerStore } from '../database/openIndexerStore.ts'
import {
  allPages,
  hex,
  loggedChain,
  type Page,
  runWorkload,
  type ServerStack,
  startServerStack,
  type Workload,
} from '../server/serverTestSupport.ts'

const TRANSFER = toEventSelector('Transfer(address,address,uint256)')

describeDatabases('GraphQL queries: transactions, blocks, logs', (stores) => {
  let store: IndexerStore
  let stack: ServerStack
  let work: Workload
  beforeAll(async () => {
    store = await openIndexerStore(await stores.newConfig())
    stack = await startServerStack({ db: store })
    work = await runWorkload(stack.chain)
    await stack.caughtUp()
  })
  afterAll(async () => {
    await stack?.close()
    await store?.close()
  })

  it('answers every transaction as the sequencer executed it', async () => {
    const logged = loggedChain(stack.chain).transactions
    expect(logged.map((t) => hex(t.tx.hash))).toEqual(work.sent)
    for (const { tx, receipt, miniBlock, index } of logged) {
      const result = await stack.gql<{ transaction: Record<string, unknown> }>(
        `query ($hash: Bytes!) { transaction(hash: $hash) { hash blockNumber blockHash miniBlockNumber transactionIndex
          timestampUs from to nonce value gasLimit input status gasUsed cumulativeGasUsed effectiveGasPrice fee
          contractAddress revertData stage logs { logIndex address topics data } } }`,
        { hash: hex(tx.hash) },
      )
      expect(result.errors).toBeUndefined()
      const parsed = parseTransaction(bytesToHex(tx.raw))
      const block = loggedChain(stack.chain).blocks.find((b) => b.header.number === miniBlock.blockNumber)
      expect(result.data?.transaction).toMatchObject({
        hash: hex(tx.hash),
        blockNumber: miniBlock.blockNumber.toString(),
        blockHash: hex(block?.hash),
        miniBlockNumber: miniBlock.number.toString(),
        transactionIndex: index,
        timestampUs: miniBlock.timestampUs.toString(),
        from: hex(tx.from),
        to: parsed.to ?? null,
        nonce: String(parsed.nonce),
        value: String(parsed.value ?? 0n),
        gasLimit: String(parsed.gas),
        input: parsed.data ?? '0x',
        status: receipt.status,
        gasUsed: receipt.gasUsed.toString(),
        cumulativeGasUsed: receipt.cumulativeGasUsed.toString(),
        effectiveGasPrice: receipt.effectiveGasPrice.toString(),
        fee: (receipt.gasUsed * receipt.effectiveGasPrice).toString(),
        contractAddress: hex(receipt.contractAddress) ?? null,
        revertData: hex(receipt.revertData) ?? null,
        stage: 'SEALED',
      })
      const logs = (result.data!.transaction.logs as Array<Record<string, unknown>>).map(
        ({ logIndex, ...log }) => log,
      )
      const expectedLogs = receipt.logs.map((log) => ({
        address: hex(log.address),
        topics: log.topics.map((t) => hex(t)),
        data: hex(log.data),
      }))
      expect(logs).toEqual(expectedLogs)
    }
    const revert = await stack.gql<{ transaction: { status: number; revertData: string | null } }>(
      `{ transaction(hash: "${work.reverted}") { status revertData } }`,
    )
    expect(revert.data?.transaction.status).toBe(0)
    const creation = await stack.gql<{ transaction: { to: string | null; contractAddress: string } }>(
      `{ transaction(hash: "${work.deployment}") { to contractAddress } }`,
    )
    expect(creation.data?.transaction).toEqual({ to: null, contractAddress: work.token.toLowerCase() })
  })

  it('pages through transactions, blocks and logs with no gap and no duplicate, both ways', async () => {
    const hashes = (
      await allPages<{ hash: Hex }>(stack, 'transactions', ', orderDirection: ASC', 'hash', 3)
    ).map((t) => t.hash)
    expect(hashes).toEqual(work.sent)
    const newestFirst = await allPages<{ hash: Hex }>(stack, 'transactions', '', 'hash', 2)
    expect(newestFirst.map((t) => t.hash)).toEqual([...work.sent].reverse())

    // Past 10 blocks, so a sort on text instead of numbers would show.
    await vi.waitFor(() => expect(loggedChain(stack.chain).blocks.length).toBeGreaterThan(12), {
      timeout: 10_000,
    })
    await stack.caughtUp()
    const blocks = await allPages<{ number: string; hash: Hex }>(
      stack,
      'blocks',
      ', orderDirection: ASC',
      'number hash',
      7,
    )
    // Blocks keep being sealed while paging: compare with the log read afterwards, up to the last page's end.
    const logged = loggedChain(stack.chain)
    const committed = logged.blocks.filter(
      (b) => blocks.length === 0 || b.header.number <= BigInt(blocks.at(-1)!.number),
    )
    expect(blocks).toEqual(committed.map((b) => ({ number: b.header.number.toString(), hash: hex(b.hash) })))

    const logs = await allPages<{ blockNumber: string; logIndex: number; transactionHash: Hex }>(
      stack,
      'logs',
      ', orderDirection: ASC',
      'blockNumber logIndex transactionHash',
      1,
    )
    const expectedLogs = logged.transactions.flatMap(({ tx, receipt, miniBlock }) =>
      receipt.logs.map(() => ({
        blockNumber: miniBlock.blockNumber.toString(),
        transactionHash: hex(tx.hash),
      })),
    )
    expect(logs.map(({ blockNumber, transactionHash }) => ({ blockNumber, transactionHash }))).toEqual(
      expectedLogs,
    )
    const miniBlocks = await allPages<{ number: string }>(
      stack,
      'miniBlocks',
      ', orderDirection: ASC',
      'number',
      4,
    )
    expect(miniBlocks.map((m) => m.number)).toEqual(logged.miniBlocks.map((m) => m.number.toString()))
  })

  it('filters transactions, logs and mini-blocks', async () => {
    const [alice, bob] = stack.chain.accounts.map((a) => a.toLowerCase())
    const logged = loggedChain(stack.chain).transactions
    const sentBy = (address: string) =>
      logged.filter((t) => hex(t.tx.from) === address).map((t) => hex(t.tx.hash))
    const from = await allPages<{ hash: Hex }>(
      stack,
      'transactions',
      `, from: "${alice.toUpperCase().replace('0X', '0x')}", orderDirection: ASC`,
      'hash',
      100,
    )
    expect(from.map((t) => t.hash)).toEqual(sentBy(alice))
    const to = await allPages<{ hash: Hex }>(
      stack,
      'transactions',
      `, to: "${bob}", orderDirection: ASC`,
      'hash',
      100,
    )
    expect(to.map((t) => t.hash)).toEqual([work.sent[0]])
    const touchingToken = await allPages<{ hash: Hex }>(
      stack,
      'transactions',
      `, address: "${work.token}", orderDirection: ASC`,
      'hash',
      100,
    )
    expect(touchingToken.map((t) => t.hash)).toEqual(work.sent.slice(3, 8))

    const topicAlice = pad(alice as Hex)
    const toAlice = await stack.gql<{ logs: Page<{ transactionHash: Hex; topics: Hex[] }> }>(
      `query ($t: [[Bytes!]]) { logs(address: ["${work.token}"], topics: $t) { items { transactionHash topics } } }`,
      { t: [[TRANSFER], null, [topicAlice]] },
    )
    expect(toAlice.errors).toBeUndefined()
    expect(toAlice.data?.logs.items.map((l) => l.transactionHash)).toEqual([work.sent[4]])

    const first = logged[0].miniBlock
    const inBlock = await stack.gql<{ miniBlocks: Page<{ number: string; blockNumber: string }> }>(
      `{ miniBlocks(blockNumber: "${first.blockNumber}", first: 100) { items { number blockNumber } } }`,
    )
    const expected = loggedChain(stack.chain).miniBlocks.filter((m) => m.blockNumber === first.blockNumber)
    expect(inBlock.data?.miniBlocks.items.map((m) => m.number)).toEqual(
      expected.map((m) => m.number.toString()).reverse(),
    )
  })

  it('resolves nested blocks, mini-blocks and their transactions', async () => {
    const logged = loggedChain(stack.chain)
    const blockNumber = logged.transactions[3].miniBlock.blockNumber
    const result = await stack.gql<{
      block: {
        transactionCount: number
        transactions: Page<{ hash: Hex }>
        miniBlocks: Page<{ number: string; transactions: Page<{ hash: Hex }> }>
      }
    }>(
      `{ block(number: "${blockNumber}") { transactionCount finalized transactions(first: 100) { items { hash } }
         miniBlocks(first: 100) { items { number transactions(first: 100) { items { hash } } } } } }`,
    )
    expect(result.errors).toBeUndefined()
    const inBlock = logged.transactions.filter((t) => t.miniBlock.blockNumber === blockNumber)
    expect(result.data?.block.transactions.items.map((t) => t.hash)).toEqual(
      inBlock.map((t) => hex(t.tx.hash)),
    )
    expect(result.data?.block.transactionCount).toBe(inBlock.length)
    const nested = result.data!.block.miniBlocks.items.flatMap((m) => m.transactions.items.map((t) => t.hash))
    expect(nested).toEqual(inBlock.map((t) => hex(t.tx.hash)))
    const byHash = await stack.gql<{ block: { number: string } }>(
      `{ block(hash: "${hex(logged.blocks.find((b) => b.header.number === blockNumber)!.hash)}") { number } }`,
    )
    expect(byHash.data?.block.number).toBe(blockNumber.toString())
  })
})
