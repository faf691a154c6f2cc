import {
  type Chain,
  type Client,
  createTransport,
  type EIP1193RequestFn,
  RpcRequestError,
  type Transport,
  type TransportConfig,
} from 'viem'
import { RealtimeRpcError, TransportRequiredError } from '../errors.ts'
import {
  createRealtimeSocket,
  type RealtimeSocket,
  type RealtimeSocketOptions,
} from '../socket/createRealtimeSocket.ts'

export type RealtimeTransportOptions = Omit<RealtimeSocketOptions, 'url'> & {
  /** Use this socket instead of opening one (several clients, one connection). */
  socket?: RealtimeSocket
  retryCount?: number
  timeout?: number
}

type Subscribe = (parameters: {
  params: readonly unknown[]
  onData: (data: { subscription: string; miniBlock: bigint | undefined; result: unknown }) => void
  onError?: (error: Error) => void
}) => Promise<{ subscriptionId: string | undefined; unsubscribe: () => Promise<void> }>

export type RealtimeTransport = Transport<
  'webSocket',
  { socket: RealtimeSocket; subscribe: Subscribe },
  EIP1193RequestFn
>

/** A viem client whose transport is `realtime`: what the actions of this package take. */
export type RealtimeClient = Client<RealtimeTransport, Chain | undefined>

/**
 * viem transport over one realtime socket (`createRealtimeSocket`): every viem action works on it
 * as on viem's `webSocket` transport (its `watch*` actions subscribe), and its subscriptions
 * resume without gap after a dropped connection. The URL defaults to the chain's WebSocket URL.
 */
export function realtime(url?: string, options: RealtimeTransportOptions = {}): RealtimeTransport {
  const { socket: given, retryCount = 0, timeout, ...socketOptions } = options
  return ({ chain }) => {
    const target = url ?? chain?.rpcUrls.default.webSocket?.[0]
    if (!given && !target) throw new TransportRequiredError('realtime()', 'a chain without a WebSocket URL')
    const socket = given ?? createRealtimeSocket({ url: target as string, ...socketOptions })
    const config: TransportConfig<'webSocket'> = {
      key: 'realtime',
      name: 'Realtime WebSocket',
      type: 'webSocket',
      retryCount,
      timeout,
      async request({ method, params }) {
        const list = params === undefined ? [] : (params as readonly unknown[])
        try {
          return await socket.request(method, list, { timeoutMs: timeout })
        } catch (error) {
          // viem's own error classes (reverts decoded, codes mapped) come from an RpcRequestError.
          if (!(error instanceof RealtimeRpcError)) throw error
          throw new RpcRequestError({
            body: { method, params: list },
            error: { code: error.rpcCode, message: error.rpcMessage, data: error.data },
            url: socket.url,
          })
        }
      },
    }
    const subscribe: Subscribe = async ({ params, onData, onError }) => {
      const unsubscribe = socket.subscribe(params, (_result, notification) => onData(notification), {
        onError,
      })
      return { subscriptionId: undefined, unsubscribe: async () => unsubscribe() }
    }
    return createTransport(config, { socket, subscribe })
  }
}
