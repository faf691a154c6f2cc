import { rtevmDevnet } from '@rtevm/protocol'
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  parseEther,
  parseTransaction,
  recoverTransactionAddress,
  type TransactionSerialized,
} from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { rawRpc, startTestEdge, type TestEdge, testDevAccounts } from './edgeTestSupport.ts'

const [dev0] = testDevAccounts
const STRANGER = '0x00000000000000000000000000000000000b0b00'
const WHALE = '0x0000000000000000000000000000000000a1a1a1'
const COINBASE = '0x00000000000000000000000000000000c0ffee00'
/** The chain stands still: only anvil_mine / evm_mine seal blocks. */
const FROZEN = { blockIntervalMs: 2 ** 31 - 1 }

let t: TestEdge | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

async function clients(chainOverrides = {}, edgeOptions = {}) {
  t = await startTestEdge(edgeOptions, chainOverrides)
  const transport = http(t.edge.url)
  const chain = { ...rtevmDevnet, rpcUrls: { default: { http: [t.edge.url] } } }
  return {
    url: t.edge.url,
    test: createTestClient({ mode: 'anvil', chain, transport }),
    public: createPublicClient({ chain, transport }),
    wallet: createWalletClient({ chain, transport }),
  }
}

describe('chain identity and an always-empty pool', () => {
  it('answers the genesis coinbase, the minimum blob base fee and empty txpool shapes', async () => {
    const c = await clients({ coinbase: COINBASE })
    expect(await rawRpc(c.url, 'eth_coinbase', [])).toMatchObject({ result: COINBASE })
    expect(await c.public.getBlobBaseFee()).toBe(1n)

    await c.wallet.sendTransaction({ account: dev0.address, to: STRANGER, value: 1n })
    expect(await c.test.getTxpoolStatus()).toStrictEqual({ pending: 0, queued: 0 })
    expect(await c.test.getTxpoolContent()).toStrictEqual({ pending: {}, queued: {} })
    expect(await c.test.inspectTxpool()).toStrictEqual({ pending: {}, queued: {} })
    expect(await rawRpc(c.url, 'txpool_contentFrom', [dev0.address])).toMatchObject({
      result: { pending: {}, queued: {} },
    })
    expect((await rawRpc(c.url, 'txpool_contentFrom', ['0x12'])).error).toMatchObject({
      code: -32602,
      message: expect.stringMatching(/address/),
    })
  })

  it('describes the node in anvil field names, its block the newest sealed one', async () => {
    const c = await clients(FROZEN)
    await c.test.mine({ blocks: 2 })
    const latest = await c.public.getBlock({ blockNumber: await c.public.getBlockNumber() })
    const genesis = await c.public.getBlock({ blockNumber: 0n })
    expect((await rawRpc(c.url, 'anvil_nodeInfo', [])).result).toStrictEqual({
      currentBlockNumber: `0x${latest.number.toString(16)}`,
      currentBlockTimestamp: Number(latest.timestamp),
      currentBlockHash: latest.hash,
      hardFork: 'Prague',
      transactionOrder: 'fees',
      environment: {
        baseFee: `0x${latest.baseFeePerGas!.toString(16)}`,
        chainId: 31337,
        gasLimit: `0x${latest.gasLimit.toString(16)}`,
        gasPrice: `0x${(await c.public.getGasPrice()).toString(16)}`,
      },
      forkConfig: { forkUrl: null, forkBlockNumber: null, forkRetryBackoff: null },
    })
    const metadata = {
      clientVersion: 'rtevm/0.1.0',
      clientSemver: '0.1.0',
      clientCommitSha: null,
      chainId: 31337,
      instanceId: genesis.hash,
      latestBlockNumber: Number(latest.number),
      latestBlockHash: latest.hash,
      forkedNetwork: null,
      snapshots: {},
    }
    expect((await rawRpc(c.url, 'anvil_metadata', [])).result).toStrictEqual(metadata)
    expect((await rawRpc(c.url, 'hardhat_metadata', [])).result).toStrictEqual(metadata)
  })

  it('serves pool and coinbase reads without dev methods, but not the dev node description', async () => {
    t = await startTestEdge({}, { devMethods: false })
    expect(await rawRpc(t.edge.url, 'txpool_status', [])).toMatchObject({
      result: { pending: '0x0', queued: '0x0' },
    })
    expect(await rawRpc(t.edge.url, 'eth_coinbase', [])).toMatchObject({ result: `0x${'00'.repeat(20)}` })
    expect((await rawRpc(t.edge.url, 'anvil_nodeInfo', [])).error?.code).toBe(-32601)
    expect((await rawRpc(t.edge.url, 'hardhat_metadata', [])).error?.code).toBe(-32601)
  })
})

describe('eth_signTransaction', () => {
  it('signs what eth_sendTransaction would send, without sending it or using its nonce', async () => {
    const c = await clients()
    const request = { from: dev0.address, to: STRANGER, value: '0x2a' }
    const signed = (await rawRpc(c.url, 'eth_signTransaction', [request])).result as TransactionSerialized
    const fields = parseTransaction(signed)
    expect(fields).toMatchObject({ type: 'eip1559', chainId: 31337, nonce: 0, to: STRANGER, value: 42n })
    expect(await recoverTransactionAddress({ serializedTransaction: signed })).toBe(dev0.address)
    expect(await c.public.getTransactionCount({ address: dev0.address })).toBe(0)
    expect(await c.public.getBalance({ address: STRANGER })).toBe(0n)

    // Signing twice gives the same nonce; the first one sent goes through.
    const again = (await rawRpc(c.url, 'eth_signTransaction', [request])).result as Hex
    expect(parseTransaction(again as TransactionSerialized).nonce).toBe(0)
    const hash = await c.public.sendRawTransaction({ serializedTransaction: signed })
    expect(await c.public.getTransactionReceipt({ hash })).toMatchObject({ status: 'success' })
    expect(await c.public.getBalance({ address: STRANGER })).toBe(42n)

    // A nonce the caller gives is kept, so transactions can be signed ahead.
    const ahead = (await rawRpc(c.url, 'eth_signTransaction', [{ ...request, nonce: '0x5' }])).result as Hex
    expect(parseTransaction(ahead as TransactionSerialized).nonce).toBe(5)
  })

  it('refuses an account it has no key for, and a malformed request naming the field', async () => {
    const c = await clients()
    const unknown = await rawRpc(c.url, 'eth_signTransaction', [{ from: STRANGER, to: STRANGER }])
    expect(unknown.error).toMatchObject({ code: -32000, message: expect.stringMatching(/unknown account/) })
    const noFrom = await rawRpc(c.url, 'eth_signTransaction', [{ to: STRANGER }])
    expect(noFrom.error).toMatchObject({ message: expect.stringMatching(/no from address/) })
    const badTo = await rawRpc(c.url, 'eth_signTransaction', [{ from: dev0.address, to: '0x12' }])
    expect(badTo.error).toMatchObject({ code: -32602, message: expect.stringMatching(/\bto\b/) })
    const badNonce = await rawRpc(c.url, 'eth_signTransaction', [{ from: dev0.address, nonce: 5 }])
    expect(badNonce.error).toMatchObject({ code: -32602, message: expect.stringMatching(/nonce/) })
  })
})

describe('anvil dev methods for a chain without a pool', () => {
  it('sets a nonce under evm_setAccountNonce', async () => {
    const c = await clients()
    expect(await rawRpc(c.url, 'evm_setAccountNonce', [STRANGER, '0x9'])).toMatchObject({ result: null })
    expect(await c.public.getTransactionCount({ address: STRANGER })).toBe(9)
    expect((await rawRpc(c.url, 'evm_setAccountNonce', [STRANGER, 'nine'])).error).toMatchObject({
      code: -32602,
      message: expect.stringMatching(/nonce/),
    })
  })

  it('sends from any address while auto-impersonation is on', async () => {
    const c = await clients()
    await c.test.setBalance({ address: WHALE, value: parseEther('2') })
    expect(await rawRpc(c.url, 'anvil_autoImpersonateAccount', [true])).toMatchObject({ result: null })
    const hash = await c.wallet.sendTransaction({ account: WHALE, to: STRANGER, value: parseEther('1') })
    expect(await c.public.getTransactionReceipt({ hash })).toMatchObject({ status: 'success', from: WHALE })

    expect(await rawRpc(c.url, 'anvil_autoImpersonateAccount', [false])).toMatchObject({ result: null })
    await expect(c.wallet.sendTransaction({ account: WHALE, to: STRANGER, value: 1n })).rejects.toThrow(
      /not impersonated/,
    )
    expect((await rawRpc(c.url, 'anvil_autoImpersonateAccount', ['yes'])).error).toMatchObject({
      code: -32602,
      message: expect.stringMatching(/enabled/),
    })
  })

  it('drops nothing, since nothing is pending, and leaves a mined transaction in place', async () => {
    const c = await clients()
    const hash = await c.wallet.sendTransaction({ account: dev0.address, to: STRANGER, value: 1n })
    await c.test.dropTransaction({ hash })
    expect(await rawRpc(c.url, 'anvil_dropTransaction', [hash])).toMatchObject({ result: null })
    expect(await rawRpc(c.url, 'hardhat_dropTransaction', [hash])).toMatchObject({ result: false })
    expect(await rawRpc(c.url, 'anvil_dropAllTransactions', [])).toMatchObject({ result: null })
    expect(await c.public.getTransactionReceipt({ hash })).toMatchObject({ status: 'success' })
    expect((await rawRpc(c.url, 'anvil_dropTransaction', ['0x12'])).error).toMatchObject({
      code: -32602,
      message: expect.stringMatching(/transaction hash/),
    })
  })

  it('accepts an interval-mining request and keeps sealing at the chain block interval', async () => {
    const c = await clients()
    await c.test.setIntervalMining({ interval: 5 })
    expect(await rawRpc(c.url, 'anvil_setIntervalMining', [0])).toMatchObject({ result: null })
    // The test chain goes on sealing a block every 100 ms, whatever was asked.
    const before = await c.public.getBlockNumber()
    await expect.poll(() => c.public.getBlockNumber(), { timeout: 5_000 }).toBeGreaterThan(before + 2n)
    expect((await rawRpc(c.url, 'anvil_setIntervalMining', ['often'])).error).toMatchObject({
      code: -32602,
      message: expect.stringMatching(/interval/),
    })
  })
})
