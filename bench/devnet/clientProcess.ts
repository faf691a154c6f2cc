// The devnet benchmark's client: a separate process, started once per chain with the same code,
// that reaches the chain only over its sockets and reports back over IPC (clientMessages.ts).

import { connectWs, type Peer } from '@rtevm/rpc-edge/bench'
import type { TxSigner } from '@rtevm/testkit'
import { type Hex, toHex } from 'viem'
import { pipelinedKeys, sequentialKeys } from './benchKeys.ts'
import type { ChainTarget, ClientMessage, ClientPlan, ClientReport, ParentMessage } from './clientMessages.ts'
import { deployContracts } from './contracts.ts'
import { runPipelined } from './pipelined.ts'
import { runSequential } from './sequential.ts'

/** Resolves once the message is handed to the IPC channel: a large report must be out before the disconnect. */
const send = (message: ClientMessage) =>
  new Promise<void>((resolve) => {
    if (!process.send) resolve()
    else process.send(message, undefined, {}, () => resolve())
  })
const nextMessage = <T extends ParentMessage['type']>(type: T) =>
  new Promise<Extract<ParentMessage, { type: T }>>((resolve) => {
    const onMessage = (message: ParentMessage) => {
      if (message.type !== type) return
      process.off('message', onMessage)
      resolve(message as Extract<ParentMessage, { type: T }>)
    }
    process.on('message', onMessage)
  })

async function run(chain: ChainTarget, plan: ClientPlan): Promise<ClientReport> {
  const peer: Peer = { name: chain.name, url: chain.url, wsUrl: chain.wsUrl }
  const [signer, recipient] = sequentialKeys()
  const runs = plan.senderCounts.flatMap((count, s) =>
    plan.rates.map((rate, r) => ({
      rate,
      senders: pipelinedKeys(count, s * plan.rates.length + r),
    })),
  )
  await fund(chain, [signer, recipient])
  const client = await connectWs(chain.wsUrl)
  const nonces = new Map<Hex, bigint>()
  const deployment = await deployContracts(peer, client, signer, [signer], nonces).finally(() =>
    client.close(),
  )
  const sequential = await runSequential(
    peer,
    plan,
    deployment,
    signer,
    recipient.address,
    nonces,
    async () => {
      const resumed = nextMessage('resume')
      void send({ type: 'warmedUp' })
      await resumed
    },
  )
  const pipelined = []
  for (const { rate, senders } of runs) {
    const fresh = nextMessage('chain')
    void send({ type: 'freshChain' })
    const { chain: target } = await fresh
    await fund(target, senders)
    const runPeer: Peer = { ...peer, url: target.url, wsUrl: target.wsUrl }
    pipelined.push(await runPipelined(runPeer, deployment, senders, rate, plan.seconds))
  }
  return { route: peer.route ?? 'sync', sequential, pipelined }
}

/** 10 000 ETH each through the chain's set-balance dev method (anvil has only 10 dev accounts). */
async function fund(chain: ChainTarget, signers: readonly TxSigner[]): Promise<void> {
  const client = await connectWs(chain.wsUrl)
  try {
    const amount = toHex(10n ** 22n)
    await Promise.all(signers.map((s) => client.call(chain.setBalanceMethod, [s.address, amount])))
  } finally {
    await client.close()
  }
}

const { chain, plan } = await nextMessage('run')
try {
  await send({ type: 'report', report: await run(chain, plan) })
} catch (error) {
  await send({
    type: 'error',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  })
}
process.disconnect?.()
