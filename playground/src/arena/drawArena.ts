import type { ArenaState } from './createArenaState.ts'

export const BOARD_SIZE = 64
export const CELL = 10
/** A move glides over this long, so 60 fps drawing shows motion rather than jumps. */
const GLIDE_MS = 60

/** A stable colour per account. */
export function colorOf(account: string): string {
  const hue = Number.parseInt(account.slice(2, 8), 16) % 360
  return `hsl(${hue} 75% 58%)`
}

/** Draws one frame of the board; `me` is outlined. */
export function drawArena(
  ctx: CanvasRenderingContext2D,
  state: ArenaState,
  me: string | undefined,
  now: number,
) {
  const size = BOARD_SIZE * CELL
  ctx.fillStyle = '#0b0d11'
  ctx.fillRect(0, 0, size, size)
  ctx.strokeStyle = '#161a22'
  ctx.lineWidth = 1
  ctx.beginPath()
  for (let i = 0; i <= BOARD_SIZE; i += 4) {
    ctx.moveTo(i * CELL + 0.5, 0)
    ctx.lineTo(i * CELL + 0.5, size)
    ctx.moveTo(0, i * CELL + 0.5)
    ctx.lineTo(size, i * CELL + 0.5)
  }
  ctx.stroke()
  for (const [key, player] of state.players) {
    const t = Math.min(1, (now - player.movedAt) / GLIDE_MS)
    const x = player.fromX + (player.x - player.fromX) * t
    const y = player.fromY + (player.y - player.fromY) * t
    ctx.fillStyle = colorOf(key)
    ctx.fillRect(x * CELL + 1, y * CELL + 1, CELL - 2, CELL - 2)
    if (key === me) {
      ctx.strokeStyle = '#ffffff'
      ctx.lineWidth = 2
      ctx.strokeRect(x * CELL - 1, y * CELL - 1, CELL + 2, CELL + 2)
    }
  }
}
