import type { Address, Hex } from 'viem'

export type ArenaPlayer = {
  account: Address
  x: number
  y: number
  /** Where the player was drawn before its last move, and when that move arrived (for a short glide). */
  fromX: number
  fromY: number
  movedAt: number
  score: number
  moves: number
}

/**
 * The board as this page knows it: seeded from `players()`, then moved by events as each
 * mini-block's logs arrive. Plain mutable state read by the canvas loop every frame, so an
 * event never waits for a React render to be drawn. `version` bumps on every change.
 */
export type ArenaState = {
  players: Map<string, ArenaPlayer>
  version: number
  /** Transaction hashes whose events were applied, with `performance.now()` then (newest 256). */
  seen: Map<Hex, number>
}

const MAX_SEEN = 256

export function createArenaState(): ArenaState {
  return { players: new Map(), version: 0, seen: new Map() }
}

export function seedPlayers(
  state: ArenaState,
  players: readonly { account: Address; x: number; y: number; score: number; moves: number }[],
): void {
  state.players.clear()
  const now = performance.now()
  for (const p of players)
    state.players.set(p.account.toLowerCase(), { ...p, fromX: p.x, fromY: p.y, movedAt: now - 1_000 })
  state.version++
}

/** Applies one decoded Arena event (Joined, Moved, Collided, Left). */
export function applyArenaEvent(
  state: ArenaState,
  eventName: string,
  args: Record<string, unknown>,
  tx: Hex,
  now: number,
): void {
  const key = (value: unknown) => String(value).toLowerCase()
  const place = (account: string, x: number, y: number) => {
    const existing = state.players.get(account)
    if (!existing) {
      state.players.set(account, {
        account: account as Address,
        x,
        y,
        fromX: x,
        fromY: y,
        movedAt: now,
        score: 0,
        moves: 0,
      })
      return
    }
    existing.fromX = existing.x
    existing.fromY = existing.y
    existing.x = x
    existing.y = y
    existing.movedAt = now
  }
  if (eventName === 'Joined') place(key(args.player), Number(args.x), Number(args.y))
  else if (eventName === 'Moved') {
    place(key(args.player), Number(args.x), Number(args.y))
    const player = state.players.get(key(args.player))
    if (player) player.moves++
  } else if (eventName === 'Collided') {
    place(key(args.victim), Number(args.victimX), Number(args.victimY))
    const attacker = state.players.get(key(args.attacker))
    if (attacker) attacker.score = Number(args.attackerScore)
  } else if (eventName === 'Left') state.players.delete(key(args.player))
  else return
  state.version++
  state.seen.set(tx, now)
  if (state.seen.size > MAX_SEEN) state.seen.delete(state.seen.keys().next().value!)
}
