import { ErrorCode, type Receipt, RtevmError, type SequencerStamps, type TxInclusion } from '@rtevm/protocol'
import type { TxSigner } from '@rtevm/testkit'
import { bytesToHex, decodeEventLog, encodeFunctionData, type Hex, maxUint256 } from 'viem'
import type { Sequencer } from '../sequencer/index.ts'
import { deployMarket, playgroundArtifact } from './playgroundMarket.ts'

/** Resting orders each crossing order fills. */
export const RESTING_ORDERS = 8

const GWEI = 1_000_000_000n
const FIRST_TICK = 100
// Ask i rests at its own tick with its own size; the crossing buy takes all of them and nothing more.
const asks = Array.from({ length: RESTING_ORDERS }, (_, i) => ({ tick: FIRST_TICK + i, size: BigInt(i + 1) }))
const crossing = {
  tick: FIRST_TICK + RESTING_ORDERS - 1,
  size: asks.reduce((sum, ask) => sum + ask.size, 0n),
}
const orderBook = playgroundArtifact('OrderBook')
const token = playgroundArtifact('TestToken')

/** The three accounts a market needs: the first deploys it, the second rests asks, the third takes them. */
export type MarketAccounts = { deployer: TxSigner; maker: TxSigner; taker: TxSigner }

export type OrderBookRounds = {
  /** The deployed contracts. */
  readonly market: { base: Hex; quote: Hex; book: Hex }
  /**
   * The maker rests RESTING_ORDERS asks (waiting until they are in), then the
   * taker sends one buy that crosses them all. Resolves with the buy's
   * receipt and the sequencer's stamps of it once it is checked to have
   * filled exactly those asks; rejects otherwise.
   */
  run(): Promise<{ receipt: Receipt; stamps: SequencerStamps }>
}

/**
 * Deploys the playground's two tokens and order book into `sequencer`, funds
 * the maker and the taker with both tokens and approves the book for them.
 * The accounts must be funded with ETH and unused.
 */
export async function openOrderBookRounds(
  sequencer: Sequencer,
  accounts: MarketAccounts,
): Promise<OrderBookRounds> {
  const deployer = sendFrom(sequencer, accounts.deployer)
  const maker = sendFrom(sequencer, accounts.maker)
  const taker = sendFrom(sequencer, accounts.taker)
  const market = await deployMarket(async (data) => {
    const { receipt } = await deployer(undefined, data, 6_000_000n)
    if (receipt.status !== 1 || !receipt.contractAddress)
      throw new BenchSetupError('a market deployment failed')
    return bytesToHex(receipt.contractAddress)
  })
  for (const [account, send] of [
    [accounts.maker, maker],
    [accounts.taker, taker],
  ] as const) {
    for (const asset of [market.base, market.quote]) {
      await expectSuccess(send(asset, encode(token, 'mint', [account.address, 10n ** 24n]), 200_000n))
      await expectSuccess(send(asset, encode(token, 'approve', [market.book, maxUint256]), 200_000n))
    }
  }
  const takerAddress = accounts.taker.address.toLowerCase()
  const makerAddress = accounts.maker.address.toLowerCase()
  return {
    market,
    async run() {
      await Promise.all(
        asks.map((ask) =>
          expectSuccess(
            maker(market.book, encode(orderBook, 'placeLimit', [false, ask.tick, ask.size]), 500_000n),
          ),
        ),
      )
      const { receipt, stamps } = await taker(
        market.book,
        encode(orderBook, 'placeLimit', [true, crossing.tick, crossing.size]),
        3_000_000n,
      )
      const fills = fillsOf(receipt, market.book)
      const filled = fills.reduce((sum, fill) => sum + fill.size, 0n)
      const exact =
        fills.length === RESTING_ORDERS &&
        filled === crossing.size &&
        fills.every(
          (fill) =>
            fill.maker.toLowerCase() === makerAddress &&
            fill.taker.toLowerCase() === takerAddress &&
            fill.makerRemaining === 0n,
        )
      if (receipt.status !== 1 || !exact) {
        throw new BenchSetupError(
          `the crossing order filled ${fills.length} resting orders (${filled} lots), not ${RESTING_ORDERS} (${crossing.size} lots)`,
          `status ${receipt.status}`,
        )
      }
      // The timings come from these: an in-process sequencer always stamps its inclusions.
      if (!stamps) throw new BenchSetupError('the sequencer did not stamp the crossing order')
      return { receipt, stamps }
    },
  }
}

type Fill = { maker: Hex; taker: Hex; size: bigint; makerRemaining: bigint }

/** The book's Fill events in `receipt`. */
function fillsOf(receipt: Receipt, book: Hex): Fill[] {
  const fills: Fill[] = []
  for (const log of receipt.logs) {
    if (bytesToHex(log.address) !== book.toLowerCase() || log.topics.length === 0) continue
    const [signature, ...args] = log.topics.map((topic) => bytesToHex(topic))
    const event = decodeEventLog({
      abi: orderBook.abi,
      topics: [signature, ...args],
      data: bytesToHex(log.data),
      strict: false,
    })
    if (event.eventName === 'Fill') fills.push(event.args as unknown as Fill)
  }
  return fills
}

/** Signs and submits from one account, counting its nonces here (the bench is its only sender). */
function sendFrom(sequencer: Sequencer, signer: TxSigner) {
  let nonce = 0n
  return (to: Hex | undefined, data: Hex, gasLimit: bigint) =>
    sequencer.submit(
      signer.sign({ nonce: nonce++, to, data, gasLimit, maxFeePerGas: 2n * GWEI, maxPriorityFeePerGas: 1n }),
    )
}

async function expectSuccess(inclusion: Promise<TxInclusion>): Promise<void> {
  const { receipt } = await inclusion
  if (receipt.status !== 1) throw new BenchSetupError('a set-up transaction reverted')
}

function encode(contract: typeof orderBook, functionName: string, args: readonly unknown[]): Hex {
  return encodeFunctionData({ abi: contract.abi, functionName, args })
}

/** The order-book benchmark's market did not behave as it must for the figure to mean anything. */
class BenchSetupError extends RtevmError {
  override name = 'BenchSetupError'
  constructor(message: string, details?: string) {
    super(ErrorCode.Internal, `order-book bench: ${message}`, { details })
  }
}
