import WebSocket from 'ws'
import { scanMiniBlocks } from '../fanout/scanMiniBlocks.ts'

/** Delivery latencies (ms, sealing timestamp → arrival) seen by every subscriber since the last `reset`. */
export type MiniBlockWatch = { reset(): number[]; close(): void }

/**
 * `count` WebSocket subscribers to `miniBlocks` (MegaETH's shape) in this process, which shares
 * the sequencer's clock: a notification's `mini_block_timestamp` (µs) is comparable to now.
 */
export async function watchMiniBlocks(wsUrl: string, count: number): Promise<MiniBlockWatch> {
  let latencies: number[] = []
  const sockets = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(wsUrl, { perMessageDeflate: false })
          let subscribed = false
          socket.once('open', () =>
            socket.send('{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["miniBlocks"]}'),
          )
          socket.once('error', reject)
          socket.on('message', (data: Buffer) => {
            const receivedUs = (performance.timeOrigin + performance.now()) * 1000
            if (!subscribed) {
              subscribed = true
              if (data.includes('"error"')) reject(new Error(data.toString()))
              else resolve(socket)
              return
            }
            scanMiniBlocks(data, true, (_number, sealedUs) => latencies.push((receivedUs - sealedUs) / 1000))
          })
        }),
    ),
  )
  return {
    reset() {
      const seen = latencies
      latencies = []
      return seen
    },
    close() {
      for (const socket of sockets) socket.close()
    },
  }
}
