import { createCompactStreamEncoder, encodeGenesis } from '@rtevm/protocol'
import type { SequencerConfig } from '../config/index.ts'
import { compactGenesis } from '../genesis/index.ts'
import {
  createLinkClient,
  createLinkServer,
  fetchGenesis,
  type LinkClientOptions,
  type LinkServer,
} from '../link/index.ts'
import { createReplica, type Follower, followSequencer, type Replica } from '../replica/index.ts'
import { createEventLog } from '../stream/index.ts'

/** How long a follower's cursor may stay ahead of this node (catching up after a restart). */
const CURSOR_AHEAD_WAIT_MS = 30_000

export type FullNodeOptions = {
  /**
   * The stream this node serves downstream: its link and history limits.
   * The chain itself (genesis, chain id, fees) comes from the upstream.
   */
  config: Pick<SequencerConfig, 'link' | 'historyLimit' | 'historyBytesLimit'>
  /** `ws://host:port` of the upstream: the sequencer or another full node. */
  upstreamUrl: string
  /** The key this node authenticates to its upstream with, and the CA of a `wss://` upstream. */
  upstreamAccess?: Pick<LinkClientOptions, 'key' | 'ca'>
  /** Link drops (informational: it reconnects and fills the gap), and the mismatch it halted on. */
  onError?: (error: unknown) => void
  /**
   * Take the upstream's stream in batches at most this often (ms) instead of
   * a frame per mini-block: fewer wake-ups here and no frame on the
   * sequencer's hot path. Default 0 (live).
   */
  batchMs?: number
}

/**
 * A full node: follows the diff stream from its upstream, applies each
 * mini-block's diff to its RAM state without executing anything, re-derives
 * every EVM block's roots (halting, loudly, on a block whose root differs),
 * and serves the same stream downstream on its own link, so full nodes form a
 * relay tree. Submissions and dev commands it receives are forwarded upstream.
 */
export type FullNode = {
  readonly replica: Replica
  readonly link: LinkServer
  /** Resolves once subscribed upstream. */
  ready(): Promise<void>
  close(): Promise<void>
}

export async function createFullNode(options: FullNodeOptions): Promise<FullNode> {
  const { config, upstreamUrl } = options
  const access = options.upstreamAccess ?? {}
  const report = options.onError ?? (() => {})
  // Genesis is data from the upstream; createReplica refuses one whose root is not block 0's.
  const genesis = await fetchGenesis(upstreamUrl, { onError: report, ...access })
  // A full node answers no state reads, so it keeps no past state.
  const replica = await createReplica(genesis, { onListenerError: report, history: { blocks: 0 } })
  const encodedGenesis = encodeGenesis(genesis)
  const history = createEventLog({
    events: config.historyLimit,
    bytes: config.historyBytesLimit,
    // This node's stream starts at genesis too, so it serves compact frames downstream.
    wire: createCompactStreamEncoder(compactGenesis(genesis)),
  })
  // Only verified events go downstream: the replica tells listeners after applying.
  const stopRelaying = replica.onEvent((event) => history.append(event))
  const upstream = createLinkClient({ url: upstreamUrl, onError: report, ...access })
  const link = await createLinkServer({
    config: config.link,
    backend: {
      submit: (raw) => upstream.submit(raw),
      submitAs: (from, raw) => upstream.submitAs(from, raw),
      dev: (command) => upstream.dev(command),
      witness: (blockNumber) => upstream.witness(blockNumber),
      attest: (attestation) => upstream.attest(attestation),
      encodedGenesis: () => Promise.resolve(encodedGenesis),
      events: history,
    },
    onError: report,
    // After a restart this node replays from genesis while its followers hold newer cursors.
    cursorAheadWaitMs: CURSOR_AHEAD_WAIT_MS,
  })
  const follower: Follower = followSequencer(replica, {
    url: upstreamUrl,
    ...access,
    onError: report,
    batchMs: options.batchMs,
  })
  return {
    replica,
    link,
    ready: () => follower.ready(),
    async close() {
      stopRelaying()
      await follower.close()
      await link.close()
      await upstream.close()
    },
  }
}
