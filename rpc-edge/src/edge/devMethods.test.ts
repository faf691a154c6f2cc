import { rtevmDevnet } from '@rtevm/protocol'
import { createPublicClient, createTestClient, createWalletClient, http, parseEther } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { rawRpc, startTestEdge, type TestEdge, testDevAccounts } from './edgeTestSupport.ts'

const STRANGER = '0x00000000000000000000000000000000000b0b00'
const WHALE = '0x0000000000000000000000000000000000a1a1a1'
const RETURN_42 = '0x602a60005260206000f3' as const

let t: TestEdge | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

async function clients(chainOverrides = {}) {
  t = await startTestEdge({}, chainOverrides)
  const transport = http(t.edge.url)
  const chain = { ...rtevmDevnet, rpcUrls: { default: { http: [t.edge.url] } } }
  return {
    test: createTestClient({ mode: 'anvil', chain, transport }),
    public: createPublicClient({ chain, transport }),
    wallet: createWalletClient({ chain, transport }),
  }
}

describe('dev methods with viem test actions', () => {
  it('edits balance, nonce, code and storage, and every read right after sees the edit', async () => {
    const c = await clients()
    await c.test.setBalance({ address: STRANGER, value: parseEther('3') })
    expect(await c.public.getBalance({ address: STRANGER })).toBe(parseEther('3'))
    await c.test.setNonce({ address: STRANGER, nonce: 7 })
    expect(await c.public.getTransactionCount({ address: STRANGER })).toBe(7)
    await c.test.setCode({ address: STRANGER, bytecode: RETURN_42 })
    expect(await c.public.getCode({ address: STRANGER })).toBe(RETURN_42)
    await c.test.setStorageAt({ address: STRANGER, index: 3, value: `0x${'00'.repeat(31)}2a` })
    expect(await c.public.getStorageAt({ address: STRANGER, slot: '0x3' })).toBe(`0x${'00'.repeat(31)}2a`)
    // The edits reach the sealed block's state root: the edge's replica re-derives it and would halt on a mismatch.
    await t!.sequencer.sealBlock()
    await c.test.mine({ blocks: 1 })
    expect(t!.edge.replica.haltedBy()).toBeUndefined()
  })

  it('sends from an impersonated account without its key, until impersonation stops', async () => {
    const c = await clients()
    await c.test.setBalance({ address: WHALE, value: parseEther('10') })
    await c.test.impersonateAccount({ address: WHALE })
    const hash = await c.wallet.sendTransaction({ account: WHALE, to: STRANGER, value: parseEther('1') })
    const receipt = await c.public.getTransactionReceipt({ hash })
    expect(receipt).toMatchObject({ status: 'success', from: WHALE })
    expect(await c.public.getBalance({ address: STRANGER })).toBe(parseEther('1'))
    const tx = await c.public.getTransaction({ hash })
    expect(tx.from).toBe(WHALE)

    await c.test.stopImpersonatingAccount({ address: WHALE })
    await expect(c.wallet.sendTransaction({ account: WHALE, to: STRANGER, value: 1n })).rejects.toThrow(
      /not impersonated/,
    )
  })

  it('mines blocks on demand and controls time', async () => {
    const c = await clients({ blockIntervalMs: 2 ** 31 - 1 })
    const before = await c.public.getBlockNumber()
    await c.test.mine({ blocks: 3 })
    expect(await c.public.getBlockNumber()).toBe(before + 3n)

    const now = BigInt(Math.floor(Date.now() / 1000))
    await c.test.increaseTime({ seconds: 7200 })
    await c.test.mine({ blocks: 1 })
    const later = await c.public.getBlock({ blockTag: 'latest' })
    expect(later.timestamp).toBeGreaterThanOrEqual(now + 7200n)

    const target = later.timestamp + 1000n
    await c.test.setNextBlockTimestamp({ timestamp: target })
    await c.test.mine({ blocks: 1 })
    expect((await c.public.getBlock({ blockTag: 'latest' })).timestamp).toBe(target)
  })
})

describe('dev methods over raw JSON-RPC', () => {
  it('answers under Hardhat names with true, and under evm_ names', async () => {
    t = await startTestEdge()
    expect(await rawRpc(t.edge.url, 'hardhat_setBalance', [STRANGER, '0x0de0b6b3a7640000'])).toMatchObject({
      result: true,
    })
    expect(await rawRpc(t.edge.url, 'eth_getBalance', [STRANGER, 'latest'])).toMatchObject({
      result: '0xde0b6b3a7640000',
    })
    expect(await rawRpc(t.edge.url, 'hardhat_mine', ['0x2'])).toMatchObject({ result: true })
    expect(await rawRpc(t.edge.url, 'evm_mine', [])).toMatchObject({ result: '0x0' })
    expect(await rawRpc(t.edge.url, 'evm_increaseTime', [60])).toMatchObject({ result: '0x3c' })
  })

  it('rejects bad arguments with -32602 and changes nothing', async () => {
    t = await startTestEdge()
    const head = t.sequencer.events.head()
    expect((await rawRpc(t.edge.url, 'anvil_setBalance', [STRANGER, 'lots'])).error?.code).toBe(-32602)
    expect((await rawRpc(t.edge.url, 'anvil_setBalance', ['0x12', '0x1'])).error?.code).toBe(-32602)
    expect((await rawRpc(t.edge.url, 'anvil_mine', [0])).error).toMatchObject({ code: -32602 })
    expect((await rawRpc(t.edge.url, 'anvil_mine', [20_000])).error).toMatchObject({ code: -32602 })
    const past = await rawRpc(t.edge.url, 'evm_setNextBlockTimestamp', [1])
    expect(past.error).toMatchObject({ code: -32602, message: expect.stringMatching(/not after/) })
    // The chain's empty blocks keep coming (every 100 ms here); a state edit would be a mini-block.
    const since = t.sequencer.events.readFrom(head + 1n, 10_000).map((logged) => logged.event.kind)
    expect(since.filter((kind) => kind !== 'block')).toEqual([])
  })

  it('are absent when dev methods are off, and only dev accounts can send', async () => {
    t = await startTestEdge({}, { devMethods: false })
    expect((await rawRpc(t.edge.url, 'anvil_setBalance', [STRANGER, '0x1'])).error?.code).toBe(-32601)
    expect((await rawRpc(t.edge.url, 'evm_mine', [])).error?.code).toBe(-32601)
    const send = await rawRpc(t.edge.url, 'eth_sendTransaction', [{ from: STRANGER, to: STRANGER }])
    expect(send.error).toMatchObject({ code: -32000, message: expect.stringMatching(/unknown account/) })
    const fromDev = await rawRpc(t.edge.url, 'eth_sendTransaction', [
      { from: testDevAccounts[0].address, to: STRANGER, value: '0x1' },
    ])
    expect(fromDev.result).toMatch(/^0x[0-9a-f]{64}$/)
  })
})
