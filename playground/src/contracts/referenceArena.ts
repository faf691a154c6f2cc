// Test support: Arena.sol's rules in plain TypeScript, to predict positions, scores and events.
import { type Address, encodePacked, keccak256 } from 'viem'
import { ARENA_MAX_PLAYERS, ARENA_SIZE, Direction } from './arenaRules.ts'

export type ArenaPlayer = { account: Address; x: number; y: number; score: number; moves: number }
export type ArenaCollision = {
  victim: Address
  victimX: number
  victimY: number
  respawned: boolean
  attackerScore: number
}

export type ArenaOutcome =
  | { ok: true; x: number; y: number; collision?: ArenaCollision }
  | { ok: false; error: 'AlreadyJoined' | 'ArenaFull' | 'NotJoined' | 'OffBoard' }

export type ReferenceArena = ReturnType<typeof createReferenceArena>

export function createReferenceArena() {
  /** In slot order, as `players()` returns them. */
  const board: ArenaPlayer[] = []
  let joins = 0n
  const find = (account: Address) => board.find((p) => p.account === account)
  const occupant = (x: number, y: number) => board.find((p) => p.x === x && p.y === y)

  /** A hash-chosen cell, probed forward past occupied ones; `self`'s current cell counts as occupied. */
  function spawn(player: ArenaPlayer, others: ArenaPlayer[]) {
    const cells = BigInt(ARENA_SIZE * ARENA_SIZE)
    let cell = Number(
      BigInt(keccak256(encodePacked(['address', 'uint64'], [player.account, joins++]))) % cells,
    )
    while (others.some((p) => p.y * ARENA_SIZE + p.x === cell)) cell = (cell + 1) % Number(cells)
    player.x = cell % ARENA_SIZE
    player.y = Math.floor(cell / ARENA_SIZE)
  }

  function step(x: number, y: number, direction: Direction): [number, number] | undefined {
    const [nx, ny] =
      direction === Direction.Up
        ? [x, y - 1]
        : direction === Direction.Down
          ? [x, y + 1]
          : direction === Direction.Left
            ? [x - 1, y]
            : [x + 1, y]
    return nx < 0 || ny < 0 || nx >= ARENA_SIZE || ny >= ARENA_SIZE ? undefined : [nx, ny]
  }

  return {
    board,
    find,
    occupant,
    join(account: Address): ArenaOutcome {
      if (find(account)) return { ok: false, error: 'AlreadyJoined' }
      if (board.length === ARENA_MAX_PLAYERS) return { ok: false, error: 'ArenaFull' }
      const player: ArenaPlayer = { account, x: 0, y: 0, score: 0, moves: 0 }
      spawn(player, [...board])
      board.push(player)
      return { ok: true, x: player.x, y: player.y }
    },
    move(account: Address, direction: Direction): ArenaOutcome {
      const player = find(account)
      if (!player) return { ok: false, error: 'NotJoined' }
      const target = step(player.x, player.y, direction)
      if (!target) return { ok: false, error: 'OffBoard' }
      const [nx, ny] = target
      const victim = occupant(nx, ny)
      let collision: ArenaCollision | undefined
      if (victim) {
        player.score++
        const pushed = step(nx, ny, direction)
        const respawned = !pushed || occupant(pushed[0], pushed[1]) !== undefined
        if (respawned) spawn(victim, board)
        else [victim.x, victim.y] = pushed
        collision = {
          victim: victim.account,
          victimX: victim.x,
          victimY: victim.y,
          respawned,
          attackerScore: player.score,
        }
      }
      player.x = nx
      player.y = ny
      player.moves++
      return { ok: true, x: nx, y: ny, collision }
    },
    leave(account: Address): ArenaOutcome {
      const index = board.findIndex((p) => p.account === account)
      if (index < 0) return { ok: false, error: 'NotJoined' }
      const player = board[index]
      // The last player takes the freed slot.
      const last = board.pop()!
      if (last !== player) board[index] = last
      return { ok: true, x: player.x, y: player.y }
    },
  }
}
