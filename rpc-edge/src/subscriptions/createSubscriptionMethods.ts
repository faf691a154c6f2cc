import { MethodNotFoundError } from '../errors/index.ts'
import { expected, type MethodTable, method, type Param } from '../jsonrpc/index.ts'

const anyValue: Param<unknown> = { name: 'params', optional: true, parse: (value) => value }
const kindName: Param<string> = {
  name: 'kind',
  optional: false,
  parse: (value) => (typeof value === 'string' ? value : expected('a subscription kind name', value)),
}
/** Ids are hex (see the registry); anything else cannot name a subscription and is refused, not answered `false`. */
const subscriptionId: Param<string> = {
  name: 'subscription id',
  optional: false,
  parse: (value) =>
    typeof value === 'string' && /^0x[0-9a-fA-F]{1,64}$/.test(value)
      ? value
      : expected('a hex subscription id', value),
}

/**
 * `eth_subscribe` / `eth_unsubscribe`, answered from the caller's connection.
 * Over HTTP there is no connection to push to, so they do not exist there (as in geth).
 */
export function createSubscriptionMethods(): MethodTable {
  return {
    eth_subscribe: method([kindName, anyValue], ([kind, params], ctx) => {
      if (!ctx.subscriptions) throw new MethodNotFoundError('eth_subscribe')
      return ctx.subscriptions.subscribe(kind, params, ctx.afterReply)
    }),
    eth_unsubscribe: method([subscriptionId], ([id], ctx) => {
      if (!ctx.subscriptions) throw new MethodNotFoundError('eth_unsubscribe')
      return ctx.subscriptions.unsubscribe(id)
    }),
  }
}
