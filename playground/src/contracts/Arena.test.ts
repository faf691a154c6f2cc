import { type Address, parseEventLogs, type TransactionReceipt } from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { abi as arenaAbi, bytecode as arenaBytecode } from '../../generated/Arena.ts'
import { ARENA_MAX_PLAYERS, ARENA_SIZE, Direction } from './arenaRules.ts'
import { type PlaygroundTestChain, startPlaygroundChain, type Trader } from './playgroundChainTestSupport.ts'
import { createReferenceArena, type ReferenceArena } from './referenceArena.ts'

/** Hundreds of transactions: a bound for a loaded machine, not a performance claim. */
const LONG = 240_000

let chain: PlaygroundTestChain
let arena: Address
let model: ReferenceArena

beforeAll(async () => {
  chain = await startPlaygroundChain(6)
})
afterAll(() => chain?.close())

/** A fresh arena per test, with the model that predicts it. */
async function freshArena() {
  const receipt = await chain.traders[0].deploy(arenaBytecode)
  arena = receipt.contractAddress!
  model = createReferenceArena()
}

const events = (receipt: TransactionReceipt) =>
  parseEventLogs({ abi: arenaAbi, logs: receipt.logs }).map(({ eventName, args }) => ({ eventName, args }))

async function join(trader: Trader) {
  const expected = model.join(trader.address)
  const receipt = await trader.send({ address: arena, abi: arenaAbi, functionName: 'join', args: [] })
  expect(receipt.status).toBe(expected.ok ? 'success' : 'reverted')
  if (expected.ok)
    expect(events(receipt)).toEqual([
      { eventName: 'Joined', args: { player: trader.address, x: expected.x, y: expected.y } },
    ])
  return expected
}

/** One move on chain and in the model; the events must be the ones the model predicts. */
async function move(trader: Trader, direction: Direction) {
  const expected = model.move(trader.address, direction)
  if (!expected.ok) {
    await expect(simulate(trader, 'move', [direction])).rejects.toThrow(expected.error)
  }
  const receipt = await trader.send({
    address: arena,
    abi: arenaAbi,
    functionName: 'move',
    args: [direction],
  })
  expect(receipt.status).toBe(expected.ok ? 'success' : 'reverted')
  if (!expected.ok) return expected
  const { collision } = expected
  expect(events(receipt)).toEqual([
    ...(collision ? [{ eventName: 'Collided', args: { attacker: trader.address, ...collision } }] : []),
    { eventName: 'Moved', args: { player: trader.address, x: expected.x, y: expected.y, direction } },
  ])
  return expected
}

const simulate = (trader: Trader, functionName: 'join' | 'move' | 'leave', args: unknown[]) =>
  chain.publicClient.simulateContract({
    address: arena,
    abi: arenaAbi,
    functionName,
    args,
    account: trader.address,
  } as Parameters<typeof chain.publicClient.simulateContract>[0])

async function expectBoardMatches() {
  const players = await chain.publicClient.readContract({
    address: arena,
    abi: arenaAbi,
    functionName: 'players',
  })
  expect(players.map((p) => ({ ...p }))).toEqual(model.board)
}

/** Walks `trader` to (x, y): horizontally first, then vertically (hits along the way are fine). */
async function walkTo(trader: Trader, x: number, y: number) {
  for (;;) {
    const me = model.find(trader.address)!
    if (me.x === x && me.y === y) return
    const direction =
      me.x < x ? Direction.Right : me.x > x ? Direction.Left : me.y < y ? Direction.Down : Direction.Up
    const result = await move(trader, direction)
    expect(result.ok).toBe(true)
  }
}

describe('Arena', () => {
  it('spawns joining players on distinct deterministic cells and lists them in one call', async () => {
    await freshArena()
    for (const trader of chain.traders) await join(trader)
    await expectBoardMatches()
    const cells = new Set(model.board.map((p) => `${p.x},${p.y}`))
    expect(cells.size).toBe(chain.traders.length)
    await expect(simulate(chain.traders[0], 'join', [])).rejects.toThrow('AlreadyJoined')
    const [joined, player] = await chain.publicClient.readContract({
      address: arena,
      abi: arenaAbi,
      functionName: 'playerOf',
      args: [chain.traders[2].address],
    })
    expect(joined).toBe(true)
    expect({ ...player }).toEqual(model.find(chain.traders[2].address))
    const occupant = await chain.publicClient.readContract({
      address: arena,
      abi: arenaAbi,
      functionName: 'occupant',
      args: [player.x, player.y],
    })
    expect(occupant).toBe(chain.traders[2].address)
  })

  it('moves one cell per transaction and refuses to step off the board or to move before joining', async () => {
    await freshArena()
    const [a, b] = chain.traders
    await expect(simulate(a, 'move', [Direction.Up])).rejects.toThrow('NotJoined')
    await join(a)
    const start = model.find(a.address)!
    const { x, y } = start
    await walkTo(a, 0, y)
    const off = await move(a, Direction.Left)
    expect(off).toEqual({ ok: false, error: 'OffBoard' })
    await walkTo(a, 0, 0)
    expect(await move(a, Direction.Up)).toEqual({ ok: false, error: 'OffBoard' })
    expect(model.find(a.address)!.moves).toBe(x + y)
    await expect(simulate(b, 'leave', [])).rejects.toThrow('NotJoined')
    await expectBoardMatches()
  })

  it(
    'a hit scores a point and knocks the other player back, or respawns them against a wall; walls bound moves',
    async () => {
      await freshArena()
      const [a, b] = chain.traders
      await join(a)
      await join(b)
      // Park b in the middle, then walk a up beside it on its left and hit it rightwards.
      await walkTo(b, 30, 30)
      await walkTo(a, 29, 30)
      const hit = await move(a, Direction.Right)
      expect(hit).toMatchObject({
        ok: true,
        x: 30,
        y: 30,
        collision: { victim: b.address, victimX: 31, victimY: 30, respawned: false, attackerScore: 1 },
      })
      await expectBoardMatches()

      // Against the wall there is nowhere to be pushed to: the player hit respawns elsewhere.
      await walkTo(b, ARENA_SIZE - 1, 30)
      await walkTo(a, ARENA_SIZE - 2, 30)
      const wall = await move(a, Direction.Right)
      expect(wall).toMatchObject({
        ok: true,
        x: ARENA_SIZE - 1,
        collision: { victim: b.address, respawned: true },
      })
      expect(model.find(a.address)!.score).toBe(2)
      expect(model.find(b.address)!.score).toBe(0)
      // The far walls bound moves too.
      expect(await move(a, Direction.Right)).toEqual({ ok: false, error: 'OffBoard' })
      await walkTo(a, ARENA_SIZE - 1, ARENA_SIZE - 1)
      expect(await move(a, Direction.Down)).toEqual({ ok: false, error: 'OffBoard' })
      await expectBoardMatches()
    },
    LONG,
  )

  it(
    'a seeded chase: every move, hit and score matches the model',
    async () => {
      await freshArena()
      const traders = chain.traders
      for (const trader of traders) await join(trader)
      let seed = 0xa2e4a
      const random = () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
        return seed / 2 ** 32
      }
      // Gather everyone around the median spawn (the fewest steps) so that players meet often.
      const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]
      const cx = Math.min(median(model.board.map((p) => p.x)), ARENA_SIZE - 6)
      const cy = Math.min(median(model.board.map((p) => p.y)), ARENA_SIZE - 4)
      for (const [i, trader] of traders.entries())
        await walkTo(trader, cx + (i % 3) * 2, cy + Math.floor(i / 3) * 2)
      let hits = 0
      for (let step = 0; step < 150; step++) {
        const trader = traders[Math.floor(random() * traders.length)]
        const me = model.find(trader.address)!
        const target = model.board[Math.floor(random() * model.board.length)]
        // Mostly chase another player; sometimes wander.
        const direction: Direction =
          random() < 0.25 || target === me
            ? (Math.floor(random() * 4) as Direction)
            : target.x !== me.x
              ? target.x > me.x
                ? Direction.Right
                : Direction.Left
              : target.y > me.y
                ? Direction.Down
                : Direction.Up
        const result = await move(trader, direction)
        if (result.ok && result.collision) hits++
      }
      await expectBoardMatches()
      expect(hits).toBeGreaterThan(5)
      const total = model.board.reduce((sum, p) => sum + p.score, 0)
      expect(total).toBeGreaterThanOrEqual(hits)
    },
    LONG,
  )

  it('leaving frees the slot and the cell; the board holds at most 64 players', async () => {
    await freshArena()
    const players = [...chain.traders]
    while (players.length < ARENA_MAX_PLAYERS) players.push(await chain.extraTrader(generatePrivateKey()))
    for (const player of players) await join(player)
    expect(model.board).toHaveLength(ARENA_MAX_PLAYERS)
    const late = await chain.extraTrader(generatePrivateKey())
    await expect(simulate(late, 'join', [])).rejects.toThrow('ArenaFull')

    const leaving = players[3]
    const { x, y } = model.find(leaving.address)!
    model.leave(leaving.address)
    const receipt = await leaving.send({ address: arena, abi: arenaAbi, functionName: 'leave', args: [] })
    expect(events(receipt)).toEqual([{ eventName: 'Left', args: { player: leaving.address, score: 0 } }])
    await expectBoardMatches()
    const occupant = await chain.publicClient.readContract({
      address: arena,
      abi: arenaAbi,
      functionName: 'occupant',
      args: [x, y],
    })
    expect(occupant).toBe('0x0000000000000000000000000000000000000000')
    await join(late)
    await expectBoardMatches()
    const count = await chain.publicClient.readContract({
      address: arena,
      abi: arenaAbi,
      functionName: 'playerCount',
    })
    expect(count).toBe(BigInt(ARENA_MAX_PLAYERS))
  })
})
