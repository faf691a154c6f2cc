// Child process of the read-load benchmark: `connections` WebSocket clients, each issuing
// eth_call and eth_getLogs back to back (the next as soon as the last is answered) for `seconds`.
// argv: WebSocket URL, connections, seconds, JSON of the two requests' params. IPC: readLoadMessages.ts.
import type { ParentMessage } from '../fanout/fanoutMessages.ts'
import { connectWs, type RpcClient } from '../rpcClients.ts'
import type { ReadLoadClientMessage } from './readLoadMessages.ts'

const [wsUrl, connections, seconds, requestsJson] = process.argv.slice(2)
const requests = JSON.parse(requestsJson) as [string, unknown[]][]
const send = (message: ReadLoadClientMessage) => process.send?.(message)

const clients: RpcClient[] = []
for (let i = 0; i < Number(connections); i++) clients.push(await connectWs(wsUrl))
send({ type: 'connected' })
await new Promise<void>((resolve) =>
  process.once('message', (message: ParentMessage) => message.type === 'report' && resolve()),
)

let reads = 0
let errors = 0
let firstError: string | undefined
const started = performance.now()
const until = started + Number(seconds) * 1000
await Promise.all(
  clients.map(async (client, lane) => {
    for (let i = lane; performance.now() < until; i++) {
      const [method, params] = requests[i % requests.length]
      try {
        await client.call(method, params)
        reads++
      } catch (error) {
        errors++
        firstError ??= String(error)
      }
    }
  }),
)
const elapsed = (performance.now() - started) / 1000
send({ type: 'done', reads, errors, seconds: elapsed, firstError })
await Promise.all(clients.map((client) => client.close()))
process.on('message', (message: ParentMessage) => message.type === 'close' && process.exit(0))
