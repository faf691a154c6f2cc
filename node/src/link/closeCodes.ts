/**
 * WebSocket close codes the link server uses, so a client (or a person reading
 * a packet capture) can tell why it was dropped without parsing the reason.
 * 4000-4999 is the range RFC 6455 leaves to applications.
 */
export const LinkCloseCode = {
  /** Server shutting down; reconnect later. */
  GoingAway: 1001,
  /** More unsent bytes than `maxBackpressureBytes`: the follower did not keep up. */
  SlowConsumer: 4000,
  /** A text frame, or a binary frame that is not a valid `LinkRequest`. */
  BadFrame: 4001,
  /** The subscribe cursor is pruned or ahead of the head; reconnecting with it will not help. */
  CursorRejected: 4002,
  /** The server failed unexpectedly while handling this connection. */
  Internal: 4003,
  /** Authentication failed (unknown key, bad signature); the same key will fail again. */
  Unauthorized: 4004,
} as const

export type LinkCloseCode = (typeof LinkCloseCode)[keyof typeof LinkCloseCode]
