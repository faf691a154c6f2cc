import { type Address, type Hex, hexToBigInt, hexToBytes, keccak256, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callAfter } from './actions/callAfter.ts'
import { getLogsWithCursor } from './actions/getLogsWithCursor.ts'
import { sendRawTransactionSync } from './actions/sendRawTransactionSync.ts'
import { socketOf } from './actions/socketOf.ts'
import { watchMiniBlocks } from './actions/watchMiniBlocks.ts'
import { watchStateChanges } from './actions/watchStateChanges.ts'
import { ResumeFailedError } from './errors.ts'
import type { MiniBlock } from './miniBlocks/parseMiniBlock.ts'
import {
  type CuttableProxy,
  FEES,
  realtimeClient,
  signTransfers,
  startCuttableProxy,
  startTestChain,
  type TestChain,
  until,
} from './realtimeTestSupport.ts'

const SENDERS = 6
const PER_SENDER = 20

let chain: TestChain
let proxy: CuttableProxy
beforeAll(async () => {
  chain = await startTestChain(2 * SENDERS + 5)
  proxy = await startCuttableProxy(chain.edge.wsUrl)
})
afterAll(async () => {
  await proxy?.close()
  await chain?.close()
})

/** Sends every sender's transfers, senders in parallel, each in nonce order; resolves with the hashes. */
async function burst(raws: Hex[][]): Promise<Set<Hex>> {
  const direct = realtimeClient(chain.edge.wsUrl)
  const hashes = new Set<Hex>()
  await Promise.all(
    raws.map(async (list) => {
      for (const raw of list)
        hashes.add(await direct.request({ method: 'eth_sendRawTransaction', params: [raw] }))
    }),
  )
  socketOf(direct, 'test').close()
  return hashes
}

const newest = () => chain.edge.replica.head().miniBlock

/** Mini-block numbers consecutive from the first one seen, each once. */
function expectConsecutive(numbers: bigint[]): void {
  expect(numbers).toEqual(numbers.map((_, i) => numbers[0] + BigInt(i)))
}

describe('realtime client against a real edge', () => {
  it('watchMiniBlocks receives every mini-block of a burst, in order, with every transaction', async () => {
    const client = realtimeClient(chain.edge.wsUrl)
    const seen: MiniBlock[] = []
    const errors: Error[] = []
    const signers = { signers: chain.senders.signers.slice(0, SENDERS), alloc: [] }
    const unwatch = watchMiniBlocks(client, {
      detail: 'hashes',
      onMiniBlock: (mb) => seen.push(mb),
      onError: (error) => errors.push(error),
    })
    // The subscription is live once it answered; a request queued after it is answered after it.
    await client.request({ method: 'eth_chainId' })
    const sent = await burst(signTransfers(signers, PER_SENDER))
    const head = newest()
    await until(() => seen.length > 0 && seen[seen.length - 1].number >= head)
    unwatch()
    socketOf(client, 'test').close()

    expect(errors).toEqual([])
    expectConsecutive(seen.map((mb) => mb.number))
    const included = seen.flatMap((mb) => mb.transactionHashes ?? [])
    expect(new Set(included)).toEqual(sent)
    expect(included).toHaveLength(sent.size)
  })

  it('hands over the results of a coalesced frame one by one, each tagged with its own mini-block', async () => {
    const client = realtimeClient(chain.edge.wsUrl)
    const seen: { number: bigint; tag: bigint | undefined; hashes: Hex[] }[] = []
    // coalesceMs: the edge sends one frame per 30 ms with every mini-block since the last one.
    const unsubscribe = socketOf(client, 'test').subscribe(
      ['miniBlocks', { detail: 'hashes', coalesceMs: 30 }],
      (result, notification) => {
        const mb = result as { number: Hex; transactions: Hex[] }
        seen.push({ number: hexToBigInt(mb.number), tag: notification.miniBlock, hashes: mb.transactions })
      },
    )
    await client.request({ method: 'eth_chainId' })
    const signer = chain.senders.signers[2 * SENDERS + 4]
    const sent = await burst(signTransfers({ signers: [signer], alloc: [] }, 30))
    const head = newest()
    await until(() => seen.length > 0 && seen[seen.length - 1].number >= head)
    unsubscribe()
    socketOf(client, 'test').close()

    expectConsecutive(seen.map((mb) => mb.number))
    for (const mb of seen) expect(mb.tag).toBe(mb.number)
    expect(new Set(seen.flatMap((mb) => mb.hashes))).toEqual(sent)
  })

  it('resumes after the connection drops, missing nothing and repeating nothing', async () => {
    const client = realtimeClient(proxy.url)
    const miniBlocks: MiniBlock[] = []
    const changes = new Map<Address, string[]>()
    const errors: Error[] = []
    const signers = chain.senders.signers.slice(SENDERS, 2 * SENDERS)
    const unwatchBlocks = watchMiniBlocks(client, {
      detail: 'hashes',
      onMiniBlock: (mb) => miniBlocks.push(mb),
      onError: (error) => errors.push(error),
    })
    // Several notifications per mini-block: the resume drops those already delivered.
    const unwatchChanges = watchStateChanges(client, {
      addresses: signers.map((s) => s.address),
      onStateChange: (change) => {
        const address = change.address.toLowerCase() as Address
        changes.set(address, [...(changes.get(address) ?? []), `${change.nonce}:${change.balance}`])
      },
      onError: (error) => errors.push(error),
    })
    await client.request({ method: 'eth_chainId' })
    let done = false
    const sent = burst(signTransfers({ signers, alloc: [] }, PER_SENDER)).finally(() => {
      done = true
    })
    for (let drop = 0; drop < 3 && !done; drop++) {
      const before = miniBlocks.length
      await until(() => done || miniBlocks.length >= before + 3)
      proxy.cut()
    }
    const hashes = await sent
    const head = newest()
    await until(() => miniBlocks.length > 0 && miniBlocks[miniBlocks.length - 1].number >= head)
    unwatchBlocks()
    unwatchChanges()

    expect(errors).toEqual([])
    expectConsecutive(miniBlocks.map((mb) => mb.number))
    const included = miniBlocks.flatMap((mb) => mb.transactionHashes ?? [])
    expect(new Set(included)).toEqual(hashes)
    expect(included).toHaveLength(hashes.size)
    for (const signer of signers) {
      // Every change once (each one moves the balance: the sender pays a fee), nonces in order,
      // ending at the account's state on the edge.
      const list = changes.get(signer.address.toLowerCase() as Address) ?? []
      expect(new Set(list).size).toBe(list.length)
      const nonces = list.map((entry) => BigInt(entry.split(':')[0]))
      expect(nonces).toEqual([...nonces].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
      const balance = await client.getBalance({ address: signer.address })
      expect(list.at(-1)).toBe(`${PER_SENDER}:${balance}`)
    }
    socketOf(client, 'test').close()
  })

  it('a connection gone silent (no notification, no heartbeat) is detected, replaced and resumed', async () => {
    // The edge sends heartbeats every 50 ms while idle: three silent intervals mean a stalled peer.
    const client = realtimeClient(proxy.url, { heartbeat: { intervalMs: 50, intervals: 3 } })
    const seen: bigint[] = []
    const errors: Error[] = []
    const unwatch = watchMiniBlocks(client, {
      detail: 'header',
      onMiniBlock: (mb) => seen.push(mb.number),
      onError: (error) => errors.push(error),
    })
    await client.request({ method: 'eth_chainId' })
    const signers = chain.senders.signers.slice(0, SENDERS)
    const first = await burst(signTransfers({ signers, alloc: [] }, 2, BigInt(PER_SENDER)))
    await until(() => seen.at(-1) === newest())
    proxy.mute()
    const second = await burst(signTransfers({ signers, alloc: [] }, 2, BigInt(PER_SENDER + 2)))
    expect(second.size + first.size).toBe(4 * SENDERS)
    await until(() => seen.at(-1) === newest())
    unwatch()
    socketOf(client, 'test').close()
    expect(errors).toEqual([])
    expectConsecutive(seen)
  })

  it('a resume point the edge refuses is reported as a ResumeFailedError, and the stream goes on live', async () => {
    const client = realtimeClient(chain.edge.wsUrl)
    const errors: Error[] = []
    const seen: bigint[] = []
    const unwatch = watchMiniBlocks(client, {
      detail: 'header',
      // Past the newest mini-block + 1: the edge answers -32602.
      fromMiniBlock: newest() + 1_000n,
      onMiniBlock: (mb) => seen.push(mb.number),
      onError: (error) => errors.push(error),
    })
    await until(() => errors.length > 0)
    const signer = chain.senders.signers[2 * SENDERS + 3]
    const raw = toHex(signer.sign({ nonce: 0n, to: signer.address, value: 1n, gasLimit: 21_000n, ...FEES }))
    await sendRawTransactionSync(client, { serializedTransaction: raw })
    await until(() => seen.includes(newest()))
    unwatch()
    socketOf(client, 'test').close()
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(ResumeFailedError)
    expect(
      (errors[0] as ResumeFailedError).walk((e) => (e as { rpcCode?: number }).rpcCode === -32602),
    ).toBeDefined()
  })

  it('sendRawTransactionSync retries a send whose answer was lost and gets its receipt', async () => {
    const client = realtimeClient(proxy.url)
    const direct = realtimeClient(chain.edge.wsUrl)
    const signer = chain.senders.signers[2 * SENDERS]
    const raw = signTransfers({ signers: [signer], alloc: [] }, 1)[0][0]
    await client.request({ method: 'eth_chainId' })
    proxy.mute()
    const receipt = sendRawTransactionSync(client, { serializedTransaction: raw, retryDelayMs: 10 })
    // The edge included it, but its answer never reached the client: then the connection drops.
    const hash = keccak256(raw)
    await until(() => chain.edge.replica.getTransaction(hexToBytes(hash)) !== undefined)
    proxy.cut()
    const answered = await receipt
    expect(answered.status).toBe('success')
    expect(answered.transactionHash).toBe(hash)
    // And a plain resend of an included transaction answers its receipt, not a nonce error.
    const again = await sendRawTransactionSync(direct, { serializedTransaction: raw })
    expect(again.transactionHash).toBe(answered.transactionHash)
    expect(again.blockNumber).toBe(answered.blockNumber)
    socketOf(client, 'test').close()
    socketOf(direct, 'test').close()
  })
})

/** Runtime code: LOG0 of nothing, on every call. */
const LOG_ONCE = '0x60006000a000'
/** Runtime code: returns its own balance as a uint256. */
const RETURN_OWN_BALANCE = '0x4760005260206000f3'
const LOGGER = '0x0000000000000000000000000000000000001000'
const PROBE = '0x0000000000000000000000000000000000002000'

describe('realtime reads against a real edge', () => {
  it('getLogsWithCursor walks every matching log page by page, each once, in order', async () => {
    const client = realtimeClient(chain.edge.wsUrl)
    await client.request({ method: 'anvil_setCode', params: [LOGGER, LOG_ONCE] } as never)
    const signer = chain.senders.signers[2 * SENDERS + 1]
    const hashes: Hex[] = []
    for (let nonce = 0n; nonce < 7n; nonce++) {
      const raw = toHex(signer.sign({ nonce, to: LOGGER, gasLimit: 50_000n, ...FEES }))
      hashes.push((await sendRawTransactionSync(client, { serializedTransaction: raw })).transactionHash)
    }
    const pages = []
    for await (const page of getLogsWithCursor(client, { address: LOGGER, fromBlock: 0n, limit: 3 })) {
      pages.push(page)
    }
    socketOf(client, 'test').close()
    expect(pages.map((page) => page.logs.length)).toEqual([3, 3, 1])
    expect(pages.map((page) => page.cursor === undefined)).toEqual([false, false, true])
    expect(pages.flatMap((page) => page.logs.map((log) => log.transactionHash))).toEqual(hashes)
  })

  it('callAfter reads the state a transaction just wrote, without waiting for its receipt', async () => {
    const client = realtimeClient(chain.edge.wsUrl)
    await client.request({ method: 'anvil_setCode', params: [PROBE, RETURN_OWN_BALANCE] } as never)
    const signer = chain.senders.signers[2 * SENDERS + 2]
    const raw = toHex(signer.sign({ nonce: 0n, to: PROBE, value: 12_345n, gasLimit: 50_000n, ...FEES }))
    const hash = (await client.request({ method: 'eth_sendRawTransaction', params: [raw] })) as Hex
    expect(hexToBigInt(await callAfter(client, { call: { to: PROBE }, after: hash }))).toBe(12_345n)
    const after = { miniBlock: newest() }
    expect(hexToBigInt(await callAfter(client, { call: { to: PROBE }, after }))).toBe(12_345n)
    socketOf(client, 'test').close()
  })

  it("parses MegaETH's full mini-blocks and rtevm's lighter ones to the same values; reads default to pending", async () => {
    const client = realtimeClient(chain.edge.wsUrl)
    expect(client.experimental_blockTag).toBe('pending')
    const full = new Map<bigint, MiniBlock>()
    const light = new Map<bigint, MiniBlock>()
    const stops = [
      watchMiniBlocks(client, { onMiniBlock: (mb) => full.set(mb.number, mb) }),
      watchMiniBlocks(client, { detail: 'receipts', onMiniBlock: (mb) => light.set(mb.number, mb) }),
    ]
    await client.request({ method: 'eth_chainId' })
    const signer = chain.senders.signers[2 * SENDERS + 2]
    for (let nonce = 1n; nonce < 4n; nonce++) {
      const raw = toHex(signer.sign({ nonce, to: signer.address, value: 1n, gasLimit: 21_000n, ...FEES }))
      await sendRawTransactionSync(client, { serializedTransaction: raw })
    }
    const head = newest()
    await until(() => full.has(head) && light.has(head))
    for (const stop of stops) stop()
    socketOf(client, 'test').close()
    expect(full.size).toBeGreaterThanOrEqual(3)
    for (const [number, mb] of full) {
      const { transactions, transactionReceipts, ...common } = mb
      expect(transactions).toHaveLength(mb.transactionCount)
      expect(transactionReceipts).toHaveLength(mb.transactionCount)
      expect(common).toEqual({
        ...light.get(number),
        transactions: undefined,
        transactionReceipts: undefined,
      })
    }
  })
})
