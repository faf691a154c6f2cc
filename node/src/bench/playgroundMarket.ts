import { readFileSync } from 'node:fs'
import { type Abi, encodeDeployData, type Hex } from 'viem'

/** A playground contract as built into playground/generated (read from disk: another package's build output). */
export function playgroundArtifact(name: 'OrderBook' | 'TestToken' | 'Arena'): { abi: Abi; bytecode: Hex } {
  const path = new URL(`../../../playground/generated/${name}.json`, import.meta.url)
  return JSON.parse(readFileSync(path, 'utf8'))
}

/** Deploys the playground's two tokens and an order book between them through `deploy`, in that order. */
export async function deployMarket(
  deploy: (data: Hex) => Promise<Hex>,
): Promise<{ base: Hex; quote: Hex; book: Hex }> {
  const token = playgroundArtifact('TestToken')
  const orderBook = playgroundArtifact('OrderBook')
  const base = await deploy(
    encodeDeployData({ abi: token.abi, bytecode: token.bytecode, args: ['Base', 'B', 18] }),
  )
  const quote = await deploy(
    encodeDeployData({ abi: token.abi, bytecode: token.bytecode, args: ['Quote', 'Q', 18] }),
  )
  const book = await deploy(
    encodeDeployData({
      abi: orderBook.abi,
      bytecode: orderBook.bytecode,
      args: [base, quote, 10n ** 15n, 10n ** 13n],
    }),
  )
  return { base, quote, book }
}
