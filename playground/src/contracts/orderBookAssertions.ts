// Test support: compares the deployed order book with the reference model.
import { type Address, type PublicClient, parseEventLogs, type TransactionReceipt } from 'viem'
import { expect } from 'vitest'
import { abi as orderBookAbi } from '../../generated/OrderBook.ts'
import { abi as tokenAbi } from '../../generated/TestToken.ts'
import type { PlaygroundAddressBook } from './playgroundAddresses.ts'
import type { ReferenceFill, ReferenceOrderBook } from './referenceOrderBook.ts'

const statusNames = ['none', 'open', 'filled', 'cancelled', 'closed'] as const

/** The Fill events of a receipt, in the reference model's shape. */
export function fillsOf(receipt: TransactionReceipt): ReferenceFill[] {
  return parseEventLogs({ abi: orderBookAbi, logs: receipt.logs, eventName: 'Fill' }).map(({ args }) => ({
    ...args,
  }))
}

export type Balances = Map<Address, { base: bigint; quote: bigint }>

export async function readBalances(
  client: PublicClient,
  addresses: PlaygroundAddressBook,
  accounts: readonly Address[],
): Promise<Balances> {
  const balances: Balances = new Map()
  for (const account of accounts) {
    const [base, quote] = await Promise.all(
      [addresses.baseToken, addresses.quoteToken].map((token) =>
        client.readContract({ address: token, abi: tokenAbi, functionName: 'balanceOf', args: [account] }),
      ),
    )
    balances.set(account, { base, quote })
  }
  return balances
}

/** Every order's on-chain state equals the model's. */
export async function expectOrdersMatch(client: PublicClient, book: Address, model: ReferenceOrderBook) {
  for (const order of model.orders.values()) {
    const onChain = await client.readContract({
      address: book,
      abi: orderBookAbi,
      functionName: 'getOrder',
      args: [order.id],
    })
    expect({
      id: order.id,
      owner: onChain.owner,
      isBuy: onChain.isBuy,
      tick: onChain.tick,
      size: onChain.size,
      remaining: onChain.remaining,
      status: statusNames[onChain.status],
    }).toEqual({ ...order })
  }
}

export async function expectDepthMatches(client: PublicClient, book: Address, model: ReferenceOrderBook) {
  const [bids, asks] = await client.readContract({
    address: book,
    abi: orderBookAbi,
    functionName: 'depth',
    args: [64n],
  })
  const expected = model.depth(64)
  expect({ bids: [...bids], asks: [...asks] }).toEqual(expected)
}
