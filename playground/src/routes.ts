/** The playground's pages, in navigation order. */
export const routes = {
  home: () => '/',
  orderBook: () => '/orderbook',
  arena: () => '/arena',
  latencyLab: () => '/latency',
  contract: () => '/contract',
} as const

export const navigation: readonly { href: string; label: string }[] = [
  { href: routes.orderBook(), label: 'Order book' },
  { href: routes.arena(), label: 'Arena' },
  { href: routes.latencyLab(), label: 'Latency lab' },
  { href: routes.contract(), label: 'Your contract' },
]
