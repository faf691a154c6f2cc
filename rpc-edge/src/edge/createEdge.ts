import {
  CHAIN_HARDFORK,
  createCaller,
  createInlineRecovery,
  createRecoveryPool,
  createReplica,
  createSimulator,
  createTracer,
  deriveDevAccounts,
  fetchGenesis,
  followEventLog,
  followSequencer,
  type LinkBackend,
  type LinkClient,
  listenExclusive,
  type Replica,
} from '@rtevm/node'
import { type ChainGenesis, ErrorCode, type Recovered, RtevmError, type TxInclusion } from '@rtevm/protocol'
import { createAdmission } from '../admission/index.ts'
import { defineRpcConfig, type RpcConfig, type RpcConfigInput } from '../config/index.ts'
import { createFilterMethods, createFilterRegistry } from '../filters/index.ts'
import {
  createBaseMethods,
  createBlockIndexMethods,
  createCallAfterMethods,
  createChainMethods,
  createConfigMethods,
  createFeeMethods,
  createLogCursorMethods,
  createLogMethods,
  createNodeInfoMethods,
  createProofMethods,
  createSendMethods,
  createTxpoolMethods,
  createWitnessMethods,
} from '../methods/index.ts'
import { createSyncSendHops } from '../metrics/index.ts'
import { createRpcServer, type RpcServer } from '../server/index.ts'
import { createStreamPublisher } from '../subscriptions/index.ts'
import { createCallMethods } from './createCallMethods.ts'
import { createDevAccountMethods } from './createDevAccountMethods.ts'
import { createDevControls } from './createDevControls.ts'
import { createOtterscanMethods } from './createOtterscanMethods.ts'
import { createReplicaSubmitter } from './createReplicaSubmitter.ts'
import { createSimulateMethods } from './createSimulateMethods.ts'
import { createStateDumpMethods } from './createStateDumpMethods.ts'
import { createTraceMethods } from './createTraceMethods.ts'
import { defineEdgeOptions, type EdgeOptions } from './EdgeOptions.ts'

export type EdgeConfig = {
  rpc?: RpcConfigInput | RpcConfig
  /** `ws://host:port` of the sequencer's link: or, instead, `sequencer`. */
  sequencerUrl?: string
  /**
   * The sequencer, in this process: the edge takes its genesis, follows its
   * event log and submits to it directly, with no socket between them (how
   * `pnpm start` runs them).
   */
  sequencer?: LinkBackend & {
    readonly genesis: ChainGenesis
    /** Takes the sender this edge's admission recovered, so it is not recovered twice. */
    submit(raw: Uint8Array, recovered?: Recovered): Promise<TxInclusion>
  }
  /** Edge behaviour beyond the server (timeouts, limits, dev accounts); defaults in EdgeOptions.ts. */
  edge?: Partial<EdgeOptions>
  clientVersion?: string
  /** Link drops (the edge reconnects), replica halts, and bugs in handlers. */
  onError?: (error: unknown) => void
}

export type Edge = {
  readonly server: RpcServer
  readonly replica: Replica
  readonly url: string
  readonly wsUrl: string
  /** True once following and caught up with the sequencer's head (what /ready reports). */
  ready(): boolean
  /** Resolves when `ready()` turns true. */
  whenReady(): Promise<void>
  close(): Promise<void>
}

/**
 * The RPC edge, end to end: a replica following the sequencer's stream
 * answers every read; writes go to the sequencer over one link client;
 * the replica's events feed `eth_subscribe`.
 */
export async function createEdge(config: EdgeConfig): Promise<Edge> {
  const options = defineEdgeOptions(config.edge)
  const upstreamUrl = config.sequencerUrl ?? ''
  if (!config.sequencer && !upstreamUrl) throw new TypeError('createEdge needs sequencerUrl or sequencer')
  const report = config.onError ?? (() => {})
  if (config.sequencer) checkReplayable(config.sequencer.events)
  // Genesis (and with it chain id, fees, gas limits) is data the sequencer serves: the edge
  // waits for it, and createReplica refuses one whose state root is not block 0's.
  const genesis = config.sequencer?.genesis ?? (await fetchGenesis(upstreamUrl, { onError: report }))
  const replica = await createReplica(genesis, {
    onListenerError: report,
    history: { blocks: options.stateHistoryBlocks, bytes: options.stateHistoryBytes },
  })
  const chain = replica.chain
  const caller = createCaller({
    state: replica.state,
    history: replica.history,
    chainId: chain.chainId,
    gasCap: options.gasCap,
  })
  const blockContext = () => replica.pendingBlockContext()
  // Traces re-run transactions on the caller's VM, serialized with every call.
  const tracer = createTracer({ caller, chain: replica })

  // Writes go over the follower's own connection (see Follower.client), created below,
  // or straight to the sequencer in this process.
  let client: (() => LinkClient) | undefined
  const current = () => client!()
  const link: Pick<LinkClient, 'submitAs' | 'dev' | 'witness' | 'attest'> & {
    submit(raw: Uint8Array, recovered?: Recovered): Promise<TxInclusion>
  } = config.sequencer ?? {
    submit: (raw) => current().submit(raw),
    submitAs: (from, raw) => current().submitAs(from, raw),
    dev: (command) => current().dev(command),
    witness: (blockNumber) => current().witness(blockNumber),
    attest: (attestation) => current().attest(attestation),
  }
  const recovery =
    options.senderRecoveryWorkers > 0
      ? createRecoveryPool({ workers: options.senderRecoveryWorkers })
      : createInlineRecovery()
  const admission = createAdmission({ chain, state: replica, recovery })
  const submitter = createReplicaSubmitter({ link, replica, admission, maxWaitMs: options.maxSyncTimeoutMs })
  const hops = createSyncSendHops()
  const sendMethods = createSendMethods({
    submitter,
    hops,
    blocks: replica,
    defaultSyncTimeoutMs: options.defaultSyncTimeoutMs,
    maxSyncTimeoutMs: options.maxSyncTimeoutMs,
    realtimeTimeoutMs: options.realtimeTimeoutMs,
  })
  const filters = createFilterRegistry({
    blocks: replica,
    maxFilters: options.maxFilters,
    maxChanges: options.maxFilterChanges,
    expiryMs: options.filterExpiryMs,
  })
  const devAccounts = options.devAccounts ? deriveDevAccounts(options.mnemonic, options.devAccountCount) : []
  const devControls = options.devMethods
    ? createDevControls({
        control: link,
        replica,
        maxWaitMs: options.maxSyncTimeoutMs,
        sendOptions: {
          blocks: replica,
          defaultSyncTimeoutMs: options.defaultSyncTimeoutMs,
          maxSyncTimeoutMs: options.maxSyncTimeoutMs,
          realtimeTimeoutMs: options.realtimeTimeoutMs,
        },
      })
    : undefined
  const clientVersion = config.clientVersion ?? 'rtevm/0.1.0'
  const methods = {
    ...createBaseMethods({
      chainId: Number(chain.chainId),
      clientVersion: options.devMethods ? `${ANVIL_COMPATIBLE}${clientVersion}` : clientVersion,
      coinbase: chain.coinbase,
    }),
    ...createChainMethods({ state: replica, blocks: replica, storageRoot: replica.storageRoot }),
    ...createConfigMethods({ chainId: chain.chainId, genesisHash: genesis.block.hash }),
    ...createBlockIndexMethods({ blocks: replica }),
    ...createLogMethods({ blocks: replica, maxLogs: options.maxLogs }),
    ...createLogCursorMethods({
      blocks: replica,
      defaultLimit: options.logPageSize,
      maxLimit: options.maxLogPageSize,
    }),
    ...createFilterMethods({ filters, blocks: replica, maxLogs: options.maxLogs }),
    ...createFeeMethods({
      blocks: replica,
      baseFeePerGas: chain.baseFeePerGas,
      suggestedTipPerGas: options.tipPerGas,
    }),
    ...createCallMethods({ caller, blocks: replica, blockContext }),
    ...createCallAfterMethods({
      ethCall: createCallMethods({ caller, blocks: replica, blockContext }).eth_call,
      replica,
      defaultTimeoutMs: options.defaultCallAfterTimeoutMs,
      maxTimeoutMs: options.maxCallAfterTimeoutMs,
      maxWaiters: options.maxCallAfterWaiters,
    }),
    ...createProofMethods({ blocks: replica, prover: replica }),
    ...createWitnessMethods({ witnesses: link, blocks: replica }),
    ...sendMethods,
    ...createDevAccountMethods({
      accounts: devAccounts,
      chainId: chain.chainId,
      state: replica,
      caller,
      blockContext,
      tipPerGas: options.tipPerGas,
      sendMethods,
      impersonatedSendMethods: devControls?.impersonatedSendMethods,
    }),
    ...createTxpoolMethods(),
    ...createTraceMethods({ tracer, blocks: replica }),
    ...createOtterscanMethods({ tracer, chain: replica }),
    ...createSimulateMethods({
      simulator: createSimulator({ caller, chain: replica }),
      blocks: replica,
      gasCap: options.gasCap,
      blockIntervalMs: chain.blockIntervalMs,
    }),
    ...devControls?.methods,
    ...(devControls &&
      createStateDumpMethods({
        state: replica.state,
        blocks: replica,
        chainId: chain.chainId,
        run: devControls.run,
      })),
    ...(devControls &&
      createNodeInfoMethods({
        blocks: replica,
        chainId: chain.chainId,
        baseFeePerGas: chain.baseFeePerGas,
        blockGasLimit: chain.blockGasLimit,
        gasPrice: chain.baseFeePerGas + options.tipPerGas,
        hardfork: CHAIN_HARDFORK,
        clientVersion,
        genesisHash: genesis.block.hash,
      })),
  }

  let following = false
  const caughtUpSeconds = BigInt(Math.ceil((3 * Math.max(chain.blockIntervalMs, 1000)) / 1000))
  // Caught up: the newest applied block is recent. The sequencer seals a block every
  // interval even when idle, so a replica still replaying history sees old timestamps.
  const ready = () => {
    if (!following || replica.haltedBy() !== undefined) return false
    const newest = replica.getBlockByNumber(replica.head().block)
    if (!newest) return false
    return newest.header.timestamp + caughtUpSeconds >= BigInt(Math.floor(Date.now() / 1000))
  }

  const rpc = defineRpcConfig(config.rpc)
  let server: RpcServer
  try {
    server = await createRpcServer({
      config: rpc,
      methods,
      context: {},
      ready,
      onInternalError: report,
      extraMetrics: hops.render,
      listen: listenExclusive,
    })
  } catch (error) {
    // The port is taken (or the config is bad): do not leave the link open behind a failed start.
    submitter.close()
    filters.close()
    devControls?.close()
    throw error
  }
  const publisher = createStreamPublisher({ registry: server.subscriptions, blocks: replica })
  // One feed for subscriptions and polling filters.
  const unsubscribe = replica.onEvent((event, removed) => {
    publisher.publish(event, removed)
    filters.publish(event, removed)
  })
  const readyWaiters = new Set<() => void>()
  const stopWatching = replica.onEvent(() => {
    if (readyWaiters.size === 0 || !ready()) return
    for (const resolve of readyWaiters) resolve()
    readyWaiters.clear()
  })

  const follower = config.sequencer
    ? followEventLog(replica, { events: config.sequencer.events, onError: report })
    : followOverLink(upstreamUrl)
  void follower.ready().then(
    () => {
      following = true
    },
    () => {},
  )

  return {
    server,
    replica,
    url: server.url,
    wsUrl: server.wsUrl,
    ready,
    whenReady: () => (ready() ? Promise.resolve() : new Promise((resolve) => readyWaiters.add(resolve))),
    async close() {
      unsubscribe()
      stopWatching()
      submitter.close()
      filters.close()
      devControls?.close()
      await server.close()
      await follower.close()
    },
  }

  function followOverLink(url: string) {
    const linked = followSequencer(replica, { url, onError: report })
    client = linked.client
    return linked
  }
}

/**
 * web3_clientVersion's prefix while dev methods are served: tools gate their devnet helpers on
 * a version starting with "anvil" (Hardhat's network helpers refuse loadFixture otherwise), and
 * rtevm serves the anvil methods they use. The rest names rtevm and its version.
 */
const ANVIL_COMPATIBLE = 'anvil/v1.7.1-compatible '

/**
 * The edge's replica starts at genesis and replays the sequencer's stream from its first event.
 * A restarted sequencer holds only its newest `--history-limit` events: past that, refuse to
 * start, saying what to change, instead of answering from a replica stuck at genesis.
 */
function checkReplayable(events: LinkBackend['events']): void {
  try {
    events.readFrom(1n, 0)
  } catch (cause) {
    throw new RtevmError(
      ErrorCode.CursorPruned,
      "the sequencer's history no longer starts at the chain's first event, which the edge's replica replays",
      {
        details: `raise the sequencer's history limit (--history-limit / RTEVM_HISTORY_LIMIT, and --history-bytes) above the chain's ${events.head()} events`,
        cause,
      },
    )
  }
}
