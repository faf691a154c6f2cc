// The playground's traffic as benchmark workloads for the parallelism figures
// (`BENCH_ONLY=parallelism`, node's benchParallelism): the same shape as node's
// bench `Workload`, built from the contracts the playground deploys.
import type { Senders, TxSigner } from '@rtevm/testkit'
import { encodeDeployData, encodeFunctionData, getContractAddress, type Hex } from 'viem'
import {
  ARENA_MAX_PLAYERS,
  arenaAbi,
  arenaBytecode,
  Direction,
  orderBookAbi,
  orderBookBytecode,
  playgroundMarket,
  testTokenAbi,
  testTokenBytecode,
} from '../src/contracts/index.ts'

/** Signed transactions: `setup` runs first and is not measured. */
export type PlaygroundWorkload = {
  name: string
  label: string
  prepare(senders: Senders, count: number): Promise<{ setup: Uint8Array[]; raws: Uint8Array[] }>
}

const GWEI = 1_000_000_000n
const MID_TICK = 2500
const UNLIMITED = 2n ** 256n - 1n

function call(signer: TxSigner, nonce: bigint, to: Hex | undefined, data: Hex, gasLimit: bigint): Uint8Array {
  return signer.sign({ nonce, to, data, gasLimit, maxFeePerGas: 2n * GWEI, maxPriorityFeePerGas: 1n })
}

/** A small deterministic generator (mulberry32), so every run signs the same orders. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/**
 * The order book page's traffic: every trader (all senders but the last,
 * which deploys) holds both tokens and has approved the book; then limit
 * orders of 1–5 lots, buys and sells at random, within a few ticks of a mid
 * price, so about half of them cross and fill against resting orders.
 */
export const orderBookWorkload: PlaygroundWorkload = {
  name: 'orderbook',
  label: 'order book limit orders',
  async prepare(senders, count) {
    const deployer = senders.signers[senders.signers.length - 1]
    const traders = senders.signers.slice(0, -1)
    const [base, quote, book] = [0n, 1n, 2n].map((nonce) =>
      getContractAddress({ from: deployer.address, nonce }),
    )
    const token = (t: { name: string; symbol: string; decimals: number }) =>
      encodeDeployData({
        abi: testTokenAbi,
        bytecode: testTokenBytecode,
        args: [t.name, t.symbol, t.decimals],
      })
    const { baseLot, quotePerTick, mint } = playgroundMarket
    const setup = [
      call(deployer, 0n, undefined, token(playgroundMarket.base), 3_000_000n),
      call(deployer, 1n, undefined, token(playgroundMarket.quote), 3_000_000n),
      call(
        deployer,
        2n,
        undefined,
        encodeDeployData({
          abi: orderBookAbi,
          bytecode: orderBookBytecode,
          args: [base, quote, baseLot, quotePerTick],
        }),
        6_000_000n,
      ),
    ]
    let deployerNonce = 3n
    for (const trader of traders) {
      for (const [address, amount] of [
        [base, mint.base],
        [quote, mint.quote],
      ] as const) {
        const data = encodeFunctionData({
          abi: testTokenAbi,
          functionName: 'mint',
          args: [trader.address, amount],
        })
        setup.push(call(deployer, deployerNonce++, address, data, 200_000n))
      }
      const approve = encodeFunctionData({
        abi: testTokenAbi,
        functionName: 'approve',
        args: [book, UNLIMITED],
      })
      setup.push(call(trader, 0n, base, approve, 100_000n), call(trader, 1n, quote, approve, 100_000n))
    }
    const random = seededRandom(16)
    const raws: Uint8Array[] = []
    for (let i = 0; i < count; i++) {
      const trader = traders[i % traders.length]
      const isBuy = random() < 0.5
      // Buys a little below mid and sells a little above, with overlap: some cross.
      const offset = Math.floor(random() * 7) - 2
      const tick = isBuy ? MID_TICK - offset : MID_TICK + offset
      const size = BigInt(1 + Math.floor(random() * 5))
      const data = encodeFunctionData({
        abi: orderBookAbi,
        functionName: 'placeLimit',
        args: [isBuy, tick, size],
      })
      raws.push(call(trader, 2n + BigInt(Math.floor(i / traders.length)), book, data, 3_000_000n))
    }
    return { setup, raws }
  },
}

/**
 * The arena page's traffic: up to ARENA_MAX_PLAYERS senders join, then each
 * walks a small square (right, down, left, up), round-robin, bumping into
 * whoever stands in the way.
 */
export const arenaWorkload: PlaygroundWorkload = {
  name: 'arena',
  label: 'arena moves',
  async prepare(senders, count) {
    const deployer = senders.signers[senders.signers.length - 1]
    const players = senders.signers.slice(0, Math.min(ARENA_MAX_PLAYERS, senders.signers.length - 1))
    const arena = getContractAddress({ from: deployer.address, nonce: 0n })
    const join = encodeFunctionData({ abi: arenaAbi, functionName: 'join' })
    const setup = [
      call(deployer, 0n, undefined, encodeDeployData({ abi: arenaAbi, bytecode: arenaBytecode }), 6_000_000n),
      ...players.map((player) => call(player, 0n, arena, join, 500_000n)),
    ]
    const square = [Direction.Right, Direction.Down, Direction.Left, Direction.Up]
    const raws: Uint8Array[] = []
    for (let i = 0; i < count; i++) {
      const player = players[i % players.length]
      const step = Math.floor(i / players.length)
      const data = encodeFunctionData({
        abi: arenaAbi,
        functionName: 'move',
        args: [square[step % square.length]],
      })
      raws.push(call(player, 1n + BigInt(step), arena, data, 500_000n))
    }
    return { setup, raws }
  },
}

/** Both, in the order the report lists them. */
export const playgroundWorkloads: readonly PlaygroundWorkload[] = [orderBookWorkload, arenaWorkload]
