import { defineConfig } from '@rtevm/node'
import { compileTestContracts, type Devnet, startDevnet } from '@rtevm/testkit'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hash,
  http,
  parseEther,
  type TransactionReceipt,
} from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

const { token } = compileTestContracts()
const { mnemonic } = defineConfig({})
const [alice, bob, carol] = [0, 1, 2].map((i) => mnemonicToAccount(mnemonic, { addressIndex: i }))
const WAIT = { timeout: 20_000, interval: 50 }

let devnet: Devnet
beforeAll(async () => {
  devnet = await startDevnet({ RTEVM_BLOCK_TIME: '250' })
}, 120_000)
afterAll(async () => {
  expect(await devnet?.stop()).toBe(0)
})

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(devnet.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  })
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] }
  if (body.errors) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join('; ')}`)
  return body.data as T
}

describe('pnpm start indexes a real devnet workload, checked against JSON-RPC', () => {
  const receipts: TransactionReceipt[] = []
  let tokenAddress: Address

  beforeAll(async () => {
    const transport = http(devnet.rpcUrl)
    const chain = { ...foundry, rpcUrls: { default: { http: [devnet.rpcUrl] } } }
    const client = createPublicClient({ chain, transport })
    const wallet = (account: typeof alice) => createWalletClient({ account, chain, transport })
    const wait = async (hash: Hash) => {
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
      receipts.push(receipt)
      return receipt
    }
    await wait(await wallet(alice).sendTransaction({ to: bob.address, value: parseEther('1.5') }))
    await wait(await wallet(bob).sendTransaction({ to: carol.address, value: 12345n }))
    const deployed = await wait(
      await wallet(alice).deployContract({ abi: token.abi, bytecode: token.bytecode, args: [10n ** 24n] }),
    )
    tokenAddress = deployed.contractAddress!
    const transfer = (from: typeof alice, to: Address, amount: bigint, gas?: bigint) =>
      wallet(from).writeContract({
        address: tokenAddress,
        abi: token.abi,
        functionName: 'transfer',
        args: [to, amount],
        gas,
      })
    await wait(await transfer(alice, bob.address, 1000n))
    await wait(await transfer(bob, carol.address, 400n))
    // A shortfall reverts: gas is given so viem's estimate does not refuse to send it.
    const reverted = await wait(await transfer(carol, alice.address, 10n ** 9n, 100_000n))
    expect(reverted.status).toBe('reverted')
    const last = receipts[receipts.length - 1].transactionHash
    await vi.waitFor(async () => {
      const { transaction } = await gql<{ transaction: unknown }>(
        'query($h: Bytes!) { transaction(hash: $h) { hash } }',
        {
          h: last,
        },
      )
      expect(transaction).not.toBeNull()
    }, WAIT)
  }, 60_000)

  it('has every transaction and receipt as eth_getTransactionReceipt reports it', async () => {
    for (const receipt of receipts) {
      const { transaction } = await gql<{ transaction: Record<string, unknown> }>(
        `query($h: Bytes!) { transaction(hash: $h) {
          hash blockNumber transactionIndex from to status gasUsed cumulativeGasUsed effectiveGasPrice
          contractAddress logs { logIndex address topics data }
        } }`,
        { h: receipt.transactionHash },
      )
      expect(transaction).toEqual({
        hash: receipt.transactionHash,
        blockNumber: receipt.blockNumber.toString(),
        transactionIndex: receipt.transactionIndex,
        from: receipt.from.toLowerCase(),
        to: receipt.to?.toLowerCase() ?? null,
        status: receipt.status === 'success' ? 1 : 0,
        gasUsed: receipt.gasUsed.toString(),
        cumulativeGasUsed: receipt.cumulativeGasUsed.toString(),
        effectiveGasPrice: receipt.effectiveGasPrice.toString(),
        contractAddress: receipt.contractAddress?.toLowerCase() ?? null,
        logs: receipt.logs.map((log) => ({
          logIndex: log.logIndex,
          address: log.address.toLowerCase(),
          topics: log.topics,
          data: log.data,
        })),
      })
    }
  })

  it('has the sealed blocks eth_getBlockByNumber reports, roots included', async () => {
    const client = createPublicClient({ transport: http(devnet.rpcUrl) })
    const newest = receipts[receipts.length - 1].blockNumber
    await vi.waitFor(async () => {
      const { block } = await gql<{ block: unknown }>('query($n: BigInt) { block(number: $n) { number } }', {
        n: newest.toString(),
      })
      expect(block).not.toBeNull()
    }, WAIT)
    for (const number of new Set(receipts.map((r) => r.blockNumber))) {
      const expected = await client.getBlock({ blockNumber: number })
      const { block } = await gql<{ block: Record<string, unknown> }>(
        `query($n: BigInt) { block(number: $n) {
          number hash parentHash stateRoot transactionsRoot receiptsRoot gasUsed transactionCount
        } }`,
        { n: number.toString() },
      )
      expect(block).toEqual({
        number: number.toString(),
        hash: expected.hash,
        parentHash: expected.parentHash,
        stateRoot: expected.stateRoot,
        transactionsRoot: expected.transactionsRoot,
        receiptsRoot: expected.receiptsRoot,
        gasUsed: expected.gasUsed.toString(),
        transactionCount: expected.transactions.length,
      })
    }
  })

  it('has the balances and nonces eth_getBalance and eth_getTransactionCount report', async () => {
    const client = createPublicClient({ transport: http(devnet.rpcUrl) })
    for (const { address } of [alice, bob, carol]) {
      const { account } = await gql<{ account: { balance: string; nonce: string } }>(
        'query($a: Address!) { account(address: $a) { balance nonce } }',
        { a: address },
      )
      expect(account).toEqual({
        balance: (await client.getBalance({ address })).toString(),
        nonce: (await client.getTransactionCount({ address })).toString(),
      })
    }
    const { account } = await gql<{ account: { isContract: boolean; creator: string } }>(
      'query($a: Address!) { account(address: $a) { isContract creator } }',
      { a: tokenAddress },
    )
    expect(account).toEqual({ isContract: true, creator: alice.address.toLowerCase() })
  })

  it('has the logs eth_getLogs returns, filtered by address and topic', async () => {
    const client = createPublicClient({ transport: http(devnet.rpcUrl) })
    const expected = await client.request({
      method: 'eth_getLogs',
      params: [{ address: tokenAddress, fromBlock: '0x0', toBlock: 'latest' }],
    })
    const { logs } = await gql<{ logs: { items: Record<string, unknown>[] } }>(
      `query($a: [Address!]) { logs(address: $a, orderDirection: ASC, first: 100) {
        items { blockNumber logIndex transactionHash address topics data }
      } }`,
      { a: [tokenAddress] },
    )
    expect(logs.items).toEqual(
      expected.map((log) => ({
        blockNumber: BigInt(log.blockNumber!).toString(),
        logIndex: Number(log.logIndex),
        transactionHash: log.transactionHash,
        address: log.address.toLowerCase(),
        topics: log.topics,
        data: log.data,
      })),
    )
  })

  it('detects the ERC-20 and keeps its holders as balanceOf reports them', async () => {
    const client = createPublicClient({ transport: http(devnet.rpcUrl) })
    const { token: indexed } = await gql<{
      token: {
        standard: string
        transferCount: string
        holders: { items: { holder: string; balance: string }[] }
      }
    }>(
      `query($a: Address!) { token(address: $a) {
        standard transferCount holders(first: 10) { items { holder balance } }
      } }`,
      { a: tokenAddress },
    )
    expect(indexed.standard).toBe('ERC20')
    // The mint and two transfers; the reverted one left no event.
    expect(indexed.transferCount).toBe('3')
    for (const { holder, balance } of indexed.holders.items) {
      const onChain = await client.readContract({
        address: tokenAddress,
        abi: token.abi,
        functionName: 'balanceOf',
        args: [holder as Address],
      })
      expect(balance).toBe(String(onChain))
    }
    expect(indexed.holders.items).toHaveLength(3)
  })
})
