import { compileTestContracts, createTxSigner } from '@rtevm/testkit'
import { type Address, encodeFunctionData, getContractAddress, type Hex, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRpc, startTestEdge, type TestEdge, testDevAccounts } from './edgeTestSupport.ts'
import { openStream, type StreamClient } from './streamTestSupport.ts'

// Written from MegaETH's documented realtime API (docs.megaeth.com, "eth_subscribe" and
// "realtime_sendRawTransaction"): field names, units and error codes as documented there.

const [dev0, dev1] = testDevAccounts
const signer = createTxSigner(dev0.privateKey, dev0.address)
const fees = { maxFeePerGas: 10_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n }
const { token } = compileTestContracts()

let running: TestEdge
let stream: StreamClient
let nonce = 0n
let tokenAddress: Address
/** Live subscriptions the tests below open, replayed by the last one. */
const live: Record<string, string> = {}

beforeAll(async () => {
  running = await startTestEdge()
  stream = await openStream(running.edge.wsUrl)
  tokenAddress = getContractAddress({ from: dev0.address, nonce: 0n })
  const deploy = signer.sign({ nonce: nonce++, data: deployData(), gasLimit: 2_000_000n, ...fees })
  expect((await call('eth_sendRawTransactionSync', [toHex(deploy)])).status).toBe('0x1')
})

afterAll(async () => {
  await stream.close()
  await running.close()
})

function deployData(): Hex {
  return `${token.bytecode}${BigInt(1_000_000).toString(16).padStart(64, '0')}` as Hex
}

function transfer(value = 1n): Uint8Array {
  return signer.sign({ nonce: nonce++, to: dev1.address, value, gasLimit: 21_000n, ...fees })
}

function tokenTransfer(amount: bigint): Uint8Array {
  const data = encodeFunctionData({ abi: token.abi, functionName: 'transfer', args: [dev1.address, amount] })
  return signer.sign({ nonce: nonce++, to: tokenAddress, data, gasLimit: 100_000n, ...fees })
}

async function call(method: string, params: unknown[]): Promise<Record<string, unknown>> {
  const answer = await rawRpc(running.edge.url, method, params)
  if (answer.error) throw new Error(`${method}: ${answer.error.message}`)
  return answer.result as Record<string, unknown>
}

const sorted = (o: object) => Object.keys(o).sort()

describe("MegaETH's realtime API, by default", () => {
  it('miniBlocks (and fragments): the documented fields, µs timestamps, full transactions and receipts', async () => {
    const miniBlocks = await stream.subscribe(['miniBlocks'])
    live.miniBlocks = miniBlocks
    const fragments = await stream.subscribe(['fragments'])
    const hashes = await stream.subscribe(['miniBlocks', { detail: 'hashes' }])
    const sentAtUs = BigInt(Date.now()) * 1000n
    const receipt = await call('eth_sendRawTransactionSync', [toHex(transfer())])
    const hash = receipt.transactionHash as string
    const carrying = (id: string) =>
      stream.notifications(id).find((n) => JSON.stringify(n.result).includes(hash.slice(2)))
    await stream.until(() => [miniBlocks, fragments, hashes].every((id) => carrying(id) !== undefined))

    const notification = carrying(miniBlocks)!
    const mb = notification.result as Record<string, unknown>
    expect(sorted(mb)).toEqual([
      'block_number',
      'block_timestamp',
      'gas_used',
      'index',
      'mini_block_number',
      'mini_block_timestamp',
      'receipts',
      'transactions',
    ])
    expect(notification.miniBlock).toBe(mb.mini_block_number)
    expect(mb.block_number).toBe(receipt.blockNumber)
    expect(mb.gas_used).toBe('0x5208')
    // Microseconds since the epoch: within a minute of when it was sent.
    const timestampUs = BigInt(mb.mini_block_timestamp as string)
    expect(timestampUs > sentAtUs - 60_000_000n && timestampUs < sentAtUs + 60_000_000n).toBe(true)
    // Seconds, the EVM block's.
    expect(Number(BigInt(mb.block_timestamp as string))).toBeCloseTo(Number(timestampUs / 1_000_000n), -2)

    const [tx] = mb.transactions as Record<string, unknown>[]
    const [got] = mb.receipts as Record<string, unknown>[]
    const byHash = await call('eth_getTransactionByHash', [hash])
    const stable = ({ blockHash: _h, blockTimestamp: _t, ...rest }: Record<string, unknown>) => rest
    expect(stable(tx)).toEqual(stable(byHash))
    expect(stable(got)).toEqual(stable(receipt))
    expect(carrying(fragments)!.result).toEqual(mb)
    expect(carrying(hashes)!.result).toMatchObject({ transactions: [hash] })
  })

  it('stateChanges: one notification per watched account, { address, nonce (a number), balance, storage }', async () => {
    const watched = await stream.subscribe(['stateChanges', [dev1.address, tokenAddress]])
    live.stateChanges = watched
    const resumable = await stream.subscribe(['stateChanges', { addresses: [dev1.address] }])
    const before = BigInt(
      (await rawRpc(running.edge.url, 'eth_getBalance', [dev1.address, 'latest'])).result as string,
    )
    await call('eth_sendRawTransactionSync', [toHex(transfer(7n))])
    await call('eth_sendRawTransactionSync', [toHex(tokenTransfer(5n))])
    await stream.until(() => stream.notifications(watched).length >= 2)

    const [account, contract] = stream.notifications(watched).map((n) => n.result as Record<string, unknown>)
    expect(account).toEqual({
      address: dev1.address.toLowerCase(),
      nonce: 0,
      balance: toHex(before + 7n),
      storage: {},
    })
    expect(contract.address).toBe(tokenAddress.toLowerCase())
    expect(contract.nonce).toBe(1)
    const storage = contract.storage as Record<string, string>
    // balanceOf[dev0] and balanceOf[dev1]: 32-byte slots, quantity values.
    expect(Object.keys(storage)).toHaveLength(2)
    for (const [slot, value] of Object.entries(storage)) {
      expect(slot).toMatch(/^0x[0-9a-f]{64}$/)
      expect(value).toMatch(/^0x([1-9a-f][0-9a-f]*|0)$/)
    }
    expect(Object.values(storage).sort()).toEqual([toHex(5n), toHex(1_000_000n - 5n)].sort())
    // dev0 (the sender) changed too, but is not watched.
    expect(stream.notifications(watched)).toHaveLength(2)
    expect(stream.notifications(resumable).map((n) => n.result)).toEqual([account])
  })

  it('logs with fromBlock/toBlock "pending": eth_getLogs objects, per mini-block', async () => {
    const pending = await stream.subscribe([
      'logs',
      { address: tokenAddress, fromBlock: 'pending', toBlock: 'pending' },
    ])
    live.logs = pending
    const receipt = await call('eth_sendRawTransactionSync', [toHex(tokenTransfer(3n))])
    await stream.until(() => stream.notifications(pending).length > 0)
    const [notification] = stream.notifications(pending)
    const log = notification.result as Record<string, unknown>
    expect(sorted(log)).toEqual(sorted((receipt.logs as object[])[0]))
    expect(log).toMatchObject({ transactionHash: receipt.transactionHash, removed: false })
    const miniBlock = (await call('eth_getTransactionByHash', [receipt.transactionHash])) as {
      blockNumber: string
    }
    expect(BigInt(notification.miniBlock) > 0n).toBe(true)
    expect(log.blockNumber).toBe(miniBlock.blockNumber)
  })

  it('refuses malformed stateChanges and miniBlocks params with -32602', async () => {
    for (const params of [
      ['stateChanges', []],
      ['stateChanges', ['0x1234']],
      ['stateChanges', { addresses: [dev1.address], detail: 'diff' }],
      ['miniBlocks', { detail: 'everything' }],
      ['fragments', { fromMiniBlock: 'soon' }],
    ]) {
      expect((await stream.call('eth_subscribe', params)).error?.code).toBe(-32602)
    }
  })
})

describe('sync sends', () => {
  it('realtime_sendRawTransaction answers the documented receipt fields', async () => {
    const receipt = await call('realtime_sendRawTransaction', [toHex(transfer())])
    for (const field of ['transactionHash', 'blockNumber', 'from', 'to', 'gasUsed', 'status', 'logs']) {
      expect(receipt).toHaveProperty(field)
    }
    expect(receipt).toMatchObject({
      from: dev0.address.toLowerCase(),
      to: dev1.address.toLowerCase(),
      gasUsed: '0x5208',
      status: '0x1',
      logs: [],
      contractAddress: null,
    })
  })

  it('a timeout as a number or a hex string; a resend of an included transaction answers its receipt', async () => {
    const raw = toHex(transfer())
    const first = await call('eth_sendRawTransactionSync', [raw, 5_000])
    expect(first.status).toBe('0x1')
    // The same receipt; its block may have sealed in between (a hash instead of zeros).
    const sameReceipt = ({ blockHash: _h, ...rest }: Record<string, unknown>) => rest
    expect(sameReceipt(await call('eth_sendRawTransactionSync', [raw, '0x1388']))).toEqual(sameReceipt(first))
    expect(sameReceipt(await call('realtime_sendRawTransaction', [raw]))).toEqual(sameReceipt(first))
    const other = await call('eth_sendRawTransactionSync', [toHex(transfer()), '0x1388'])
    expect(other.status).toBe('0x1')
    const bad = await rawRpc(running.edge.url, 'eth_sendRawTransactionSync', [toHex(transfer()), 'soon'])
    expect(bad.error?.code).toBe(-32602)
    nonce-- // the refused one was never submitted
  })
})

describe('resuming', () => {
  it('a subscription from the first mini-block a live one saw replays exactly what it was sent', async () => {
    // Notifications on a connection keep their order: after an idle heartbeat, every earlier one is in.
    const beats = await stream.subscribe(['heartbeats'])
    await stream.until(() => stream.notifications(beats).length > 0)
    const replaying = await openStream(running.edge.wsUrl)
    const withoutBlockHash = ({ blockHash: _h, ...rest }: Record<string, unknown>) => rest
    try {
      const cases = [
        { live: live.stateChanges, params: ['stateChanges', { addresses: [dev1.address, tokenAddress] }] },
        {
          live: live.logs,
          params: ['logs', { address: tokenAddress, fromBlock: 'pending', toBlock: 'pending' }],
        },
        { live: live.miniBlocks, params: ['miniBlocks', {}] },
      ] as const
      for (const { live: id, params } of cases) {
        const sent = stream.notifications(id)
        expect(sent.length).toBeGreaterThan(0)
        const fromMiniBlock = sent[0].miniBlock
        const replayed = await replaying.subscribe([params[0], { ...params[1], fromMiniBlock }])
        await replaying.until(() => replaying.notifications(replayed).length >= sent.length)
        const got = replaying.notifications(replayed)
        expect(got.map((n) => n.miniBlock)).toEqual(sent.map((n) => n.miniBlock))
        if (params[0] === 'stateChanges')
          expect(got).toEqual(sent.map((n) => ({ ...n, subscription: replayed })))
        if (params[0] === 'logs') {
          const strip = (list: typeof got) =>
            list.map((n) => withoutBlockHash(n.result as Record<string, unknown>))
          expect(strip(got)).toEqual(strip(sent))
        }
        if (params[0] === 'miniBlocks') {
          const numbers = (list: typeof got) =>
            list.map((n) => (n.result as { mini_block_number: string }).mini_block_number)
          expect(numbers(got)).toEqual(numbers(sent))
        }
      }
    } finally {
      await replaying.close()
    }
  })
})
