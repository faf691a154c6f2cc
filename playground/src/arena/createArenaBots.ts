import type { RealtimeSocket } from '@rtevm/client'
import { type Address, encodeFunctionData, type Hex } from 'viem'
import { ARENA_SIZE, arenaAbi, Direction } from '../contracts/index.ts'
import { messageOf } from '../errors.ts'
import { callContract } from '../rpc/callContract.ts'
import { ARENA_BOT_ACCOUNTS } from '../wallet/accountRoles.ts'
import { createDevWallet, type DevWallet } from '../wallet/createDevWallet.ts'

export type ArenaBots = { stop(): void; moves(): number }

const MOVE_GAS = 400_000n
const JOIN_GAS = 400_000n
/** Each bot steps at a random interval in this range: a few moves a second in all, never a flood. */
const MIN_STEP_MS = 500
const MAX_STEP_MS = 1_100

/**
 * A few bot players (their own dev accounts, ARENA_BOT_ACCOUNTS) that join the arena and wander
 * it: each sends at most one move at a time, away from the walls, at a bounded random interval.
 * `positionOf` reads the page's live board, so the bots need no reads of their own.
 */
export function createArenaBots({
  socket,
  chainId,
  arena,
  positionOf,
  onError,
}: {
  socket: RealtimeSocket
  chainId: number
  arena: Address
  positionOf: (account: Address) => { x: number; y: number } | undefined
  onError: (error: unknown) => void
}): ArenaBots {
  let stopped = false
  let moves = 0
  const wallets: DevWallet[] = []
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const later = (fn: () => void, ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      fn()
    }, ms)
    timers.add(timer)
  }

  async function runBot(index: number): Promise<void> {
    const wallet = await createDevWallet({ socket, chainId, index })
    if (stopped) return wallet.close()
    wallets.push(wallet)
    const [joined] = await callContract(socket, {
      address: arena,
      abi: arenaAbi,
      functionName: 'playerOf',
      args: [wallet.address],
    })
    if (!joined)
      await wallet.send({
        to: arena,
        data: encodeFunctionData({ abi: arenaAbi, functionName: 'join' }),
        gas: JOIN_GAS,
      })
    let heading: Direction = Math.floor(Math.random() * 4) as Direction
    const step = () => {
      if (stopped) return
      const at = positionOf(wallet.address)
      // Mostly keep going, sometimes turn; never into a wall.
      if (Math.random() < 0.3) heading = Math.floor(Math.random() * 4) as Direction
      if (at) {
        const blocked: Record<Direction, boolean> = {
          [Direction.Up]: at.y === 0,
          [Direction.Down]: at.y === ARENA_SIZE - 1,
          [Direction.Left]: at.x === 0,
          [Direction.Right]: at.x === ARENA_SIZE - 1,
        }
        while (blocked[heading]) heading = Math.floor(Math.random() * 4) as Direction
      }
      const data: Hex = encodeFunctionData({ abi: arenaAbi, functionName: 'move', args: [heading] })
      wallet
        .send({ to: arena, data, gas: MOVE_GAS })
        .then(() => moves++, onError)
        .finally(() => later(step, MIN_STEP_MS + Math.random() * (MAX_STEP_MS - MIN_STEP_MS)))
    }
    step()
  }

  for (const index of ARENA_BOT_ACCOUNTS) void runBot(index).catch((error) => !stopped && onError(error))
  return {
    stop() {
      stopped = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      for (const wallet of wallets) wallet.close()
    },
    moves: () => moves,
  }
}

export const describeBotError = (error: unknown) => messageOf(error).split('\n')[0]
