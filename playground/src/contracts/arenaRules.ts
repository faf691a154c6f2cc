/** Arena.sol's constants and move encoding, for the app and the tests. */
export const ARENA_SIZE = 64
export const ARENA_MAX_PLAYERS = 64

/** The `Direction` enum of Arena.sol (its uint8 values): up is y - 1, down is y + 1. */
export const Direction = { Up: 0, Down: 1, Left: 2, Right: 3 } as const
export type Direction = (typeof Direction)[keyof typeof Direction]
