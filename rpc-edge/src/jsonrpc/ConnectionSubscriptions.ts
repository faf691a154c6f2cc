/**
 * One connection's view: what `eth_subscribe` / `eth_unsubscribe` call. The
 * dispatcher only carries it to the methods; subscriptions/ implements it.
 */
export type ConnectionSubscriptions = {
  /** Returns the new subscription id. Throws `InvalidParamsError` or `LimitExceededError`. */
  subscribe(kind: string, params: unknown): string
  unsubscribe(id: string): boolean
  readonly size: number
  /** Drops every subscription (the connection closed). */
  clear(): void
}
