// The contracts the devnet benchmark sends to: the playground's two test tokens and its order
// book (playground/generated/*.json, from playground/scripts/generate.mjs), deployed the same way
// on every chain by the client process.
import { readFileSync } from 'node:fs'
import { fees, type Peer, type RpcClient, sendAndWait } from '@rtevm/rpc-edge/bench'
import type { TxSigner } from '@rtevm/testkit'
import { type Abi, encodeDeployData, encodeFunctionData, getContractAddress, type Hex, toHex } from 'viem'
import type { TxKind } from './clientMessages.ts'

type Artifact = { abi: Abi; bytecode: Hex }

const generated = new URL('../../playground/generated/', import.meta.url)
export const artifactPath = (name: string) => new URL(`${name}.json`, generated)
const artifact = (name: string): Artifact => JSON.parse(readFileSync(artifactPath(name), 'utf8')) as Artifact

/** The playground's market (playground/src/contracts/playgroundMarket.ts): one lot 0.001 base, one tick 0.01 quote. */
const BASE_LOT = 10n ** 15n
const QUOTE_PER_TICK = 10n ** 13n
/** Bids at tick 100 (1.00) with no asks never cross: every order rests, at the same cost. */
const ORDER_TICK = 100
const MINT = 10n ** 27n

const GAS: Record<TxKind, bigint> = { eth: 21_000n, erc20: 100_000n, order: 300_000n }

export type Deployment = { token: Artifact; book: Artifact; base: Hex; quote: Hex; orderBook: Hex }

/**
 * Deploys base and quote tokens and the order book from `deployer`, then mints quote tokens to
 * `traders` and has each approve the book: every transaction through `sendAndWait`, one at a time.
 */
export async function deployContracts(
  peer: Peer,
  client: RpcClient,
  deployer: TxSigner,
  traders: readonly TxSigner[],
  nonces: Map<Hex, bigint>,
): Promise<Deployment> {
  const token = artifact('TestToken')
  const book = artifact('OrderBook')
  const next = (signer: TxSigner) => {
    const nonce = nonces.get(signer.address) ?? 0n
    nonces.set(signer.address, nonce + 1n)
    return nonce
  }
  const send = async (signer: TxSigner, to: Hex | undefined, data: Hex, what: string) => {
    const raw = toHex(signer.sign({ nonce: next(signer), to, data, gasLimit: 5_000_000n, ...fees }))
    const receipt = await sendAndWait(peer, client, raw)
    if (receipt.status !== '0x1') throw new Error(`${peer.name}: ${what} reverted`)
  }
  const deployToken = async (name: string, symbol: string) => {
    const address = getContractAddress({ from: deployer.address, nonce: nonces.get(deployer.address) ?? 0n })
    const data = encodeDeployData({ abi: token.abi, bytecode: token.bytecode, args: [name, symbol, 18] })
    await send(deployer, undefined, data, `deploying ${symbol}`)
    return address
  }
  const base = await deployToken('Bench Base', 'BB')
  const quote = await deployToken('Bench Quote', 'BQ')
  const orderBook = getContractAddress({ from: deployer.address, nonce: nonces.get(deployer.address) ?? 0n })
  const bookData = encodeDeployData({
    abi: book.abi,
    bytecode: book.bytecode,
    args: [base, quote, BASE_LOT, QUOTE_PER_TICK],
  })
  await send(deployer, undefined, bookData, 'deploying the order book')
  for (const trader of traders) {
    const mint = encodeFunctionData({ abi: token.abi, functionName: 'mint', args: [trader.address, MINT] })
    await send(trader, quote, mint, 'minting')
    const approve = encodeFunctionData({ abi: token.abi, functionName: 'approve', args: [orderBook, MINT] })
    await send(trader, quote, approve, 'approving the order book')
  }
  return { token, book, base, quote, orderBook }
}

/** Signs one transaction of `kind` from `signer` at `nonce`; `to` receives ETH or tokens. */
export function signKind(
  kind: TxKind,
  deployment: Deployment,
  signer: TxSigner,
  nonce: bigint,
  to: Hex,
): Hex {
  const gasLimit = GAS[kind]
  if (kind === 'eth') return toHex(signer.sign({ nonce, to, value: 1n, gasLimit, ...fees }))
  if (kind === 'erc20') {
    const data = encodeFunctionData({ abi: deployment.token.abi, functionName: 'transfer', args: [to, 1n] })
    return toHex(signer.sign({ nonce, to: deployment.quote, data, gasLimit, ...fees }))
  }
  const data = encodeFunctionData({
    abi: deployment.book.abi,
    functionName: 'placeLimit',
    args: [true, ORDER_TICK, 1n],
  })
  return toHex(signer.sign({ nonce, to: deployment.orderBook, data, gasLimit, ...fees }))
}
