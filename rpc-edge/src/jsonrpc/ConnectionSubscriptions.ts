/**
 * One connection's view: what `eth_subscribe` / `eth_unsubscribe` call. The
 * dispatcher only carries it to the methods; subscriptions/ implements it.
 */
export type ConnectionSubscriptions = {
  /**
   * Returns the new subscription id. Throws `InvalidParamsError` or `LimitExceededError`.
   * `afterReply` runs a callback once the id has been written: a resumed subscription replays
   * its history there, so the client knows the id before the first notification.
   */
  subscribe(kind: string, params: unknown, afterReply?: (callback: () => void) => void): string
  unsubscribe(id: string): boolean
  readonly size: number
  /** Drops every subscription (the connection closed). */
  clear(): void
}
