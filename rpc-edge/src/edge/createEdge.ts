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
  type UpstreamAccess,
} from '@rtevm/node'
import {
  type ChainGenesis,
  checkExposure,
  deploymentProfile,
  ErrorCode,
  type ProfileName,
  type Recovered,
  RtevmError,
  type TxInclusion,
} from '@rtevm/protocol'
import { createAdmission } from '../admission/index.ts'
import { defineRpcConfig, type RpcConfig, type RpcConfigInput } from '../config/index.ts'
import { createFilterMethods, createFilterRegistry } from '../filters/index.ts'
import { addressHex } from '../format/index.ts'
import { createMethodCosts } from '../limits/index.ts'
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
  createSnapshotMethods,
  createTxpoolMethods,
  createWitnessMethods,
} from '../methods/index.ts'
import { createSyncSendHops } from '../metrics/index.ts'
import { createReadPool, offloadReads, type ReadPool, renderReadPoolMetrics } from '../readpool/index.ts'
import { createRpcServer, type RpcServer } from '../server/index.ts'
import { createHeartbeat, createStreamPublisher, createSubscriptionReplay } from '../subscriptions/index.ts'
import { createCallMethods } from './createCallMethods.ts'
import { createDevAccountMethods } from './createDevAccountMethods.ts'
import { createDevControls } from './createDevControls.ts'
import { createLagMonitor } from './createLagMonitor.ts'
import { createOtterscanMethods } from './createOtterscanMethods.ts'
import { createReorgMethods } from './createReorgMethods.ts'
import { createReplicaSubmitter } from './createReplicaSubmitter.ts'
import { createSimulateMethods } from './createSimulateMethods.ts'
import { createSnapshotHold } from './createSnapshotHold.ts'
import { createStateDumpMethods } from './createStateDumpMethods.ts'
import { createTraceMethods } from './createTraceMethods.ts'
import { defineEdgeOptions, type EdgeOptions } from './EdgeOptions.ts'
import { devnetSurface, edgeProfileInput } from './edgeProfile.ts'
import { createNextBlockParameters } from './nextBlockParameters.ts'

export type EdgeConfig = {
  rpc?: RpcConfigInput | RpcConfig
  /** `ws://host:port` of the sequencer's link: or, instead, `sequencer`. */
  sequencerUrl?: string
  /** The key the edge authenticates to `sequencerUrl` with (roles follow, submit; privileged for dev methods), and a `wss://` link's CA. */
  sequencerAccess?: UpstreamAccess
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
  /**
   * `devnet` (default) or `production`: what the profile turns off and tightens
   * (`deploymentProfiles` in @rtevm/protocol) sits under `rpc` and `edge`.
   */
  profile?: ProfileName
  /** Serve dev methods or unlocked accounts beyond loopback anyway (a public devnet, on purpose). */
  allowPublicDevnet?: boolean
  clientVersion?: string
  /** Link drops (the edge reconnects), replica halts, and bugs in handlers. */
  onError?: (error: unknown) => void
}

export type Edge = {
  readonly server: RpcServer
  readonly replica: Replica
  /** The worker threads answering heavy reads; undefined with `readWorkers: 0`. */
  readonly readPool: ReadPool | undefined
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
  const profile = deploymentProfile(config.profile)
  const fromProfile = edgeProfileInput(profile)
  const options = defineEdgeOptions({ ...fromProfile.edge, ...config.edge })
  const rpc = defineRpcConfig({ ...fromProfile.rpc, ...config.rpc })
  // Before anything connects or binds: dev methods and unlocked keys stay on this machine.
  checkExposure({
    profile,
    host: rpc.host,
    devnetSurface: devnetSurface(options),
    corsOrigin: rpc.corsOrigin,
    allowPublicDevnet: config.allowPublicDevnet ?? false,
    corsOptionName: '--cors-origin (RTEVM_RPC_CORS_ORIGIN)',
  })
  const upstreamUrl = config.sequencerUrl ?? ''
  if (!config.sequencer && !upstreamUrl) throw new TypeError('createEdge needs sequencerUrl or sequencer')
  const report = config.onError ?? (() => {})
  if (config.sequencer) checkReplayable(config.sequencer.events)
  // Genesis (and with it chain id, fees, gas limits) is data the sequencer serves: the edge
  // waits for it, and createReplica refuses one whose state root is not block 0's.
  const access = config.sequencerAccess ?? {}
  const genesis =
    config.sequencer?.genesis ?? (await fetchGenesis(upstreamUrl, { onError: report, ...access }))
  const replica = await createReplica(genesis, {
    onListenerError: report,
    sameProcessSource: config.sequencer !== undefined,
    history: { blocks: options.stateHistoryBlocks, bytes: options.stateHistoryBytes },
  })
  const chain = replica.chain
  const caller = createCaller({
    state: replica.state,
    history: replica.history,
    chainId: chain.chainId,
    gasCap: options.gasCap,
  })
  const parameters = createNextBlockParameters(replica)
  const blockContext = () => parameters.overlay(replica.pendingBlockContext())
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
  const admission = createAdmission({
    chain,
    baseFeePerGas: parameters.baseFeePerGas,
    state: replica,
    recovery,
  })
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
        parameters,
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
      coinbase: () => addressHex(parameters.coinbase()),
    }),
    ...createChainMethods({
      state: replica,
      blocks: replica,
      storageRoot: replica.storageRoot,
      pendingContext: blockContext,
    }),
    ...createSnapshotMethods({ blocks: replica }),
    ...createConfigMethods({ chainId: chain.chainId, genesisHash: genesis.block.hash }),
    ...createBlockIndexMethods({ blocks: replica, pendingContext: blockContext }),
    ...createLogMethods({ blocks: replica, maxLogs: options.maxLogs }),
    ...createLogCursorMethods({
      blocks: replica,
      defaultLimit: options.logPageSize,
      maxLimit: options.maxLogPageSize,
    }),
    ...createFilterMethods({ filters, blocks: replica, maxLogs: options.maxLogs }),
    ...createFeeMethods({
      blocks: replica,
      baseFeePerGas: parameters.baseFeePerGas,
      suggestedTipPerGas: options.tipPerGas,
      pendingContext: blockContext,
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
    ...createTraceMethods({ tracer, blocks: replica, pendingContext: blockContext }),
    ...createOtterscanMethods({ tracer, chain: replica, pendingContext: blockContext }),
    ...createSimulateMethods({
      simulator: createSimulator({ caller, chain: replica }),
      blocks: replica,
      gasCap: options.gasCap,
      blockIntervalMs: chain.blockIntervalMs,
    }),
    ...devControls?.methods,
    ...(devControls &&
      createReorgMethods({
        accounts: devAccounts,
        chainId: chain.chainId,
        caller,
        blockContext,
        tipPerGas: options.tipPerGas,
        run: devControls.run,
        blocks: replica,
        stateAt: replica.stateAt,
      })),
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
        baseFeePerGas: parameters.baseFeePerGas,
        blockGasLimit: chain.blockGasLimit,
        tipPerGas: options.tipPerGas,
        hardfork: CHAIN_HARDFORK,
        clientVersion,
        genesisHash: genesis.block.hash,
      })),
  }

  const readPool =
    options.readWorkers > 0
      ? createReadPool({
          workers: options.readWorkers,
          feed: config.sequencer
            ? { kind: 'forwarded', events: config.sequencer.events }
            : { kind: 'link', url: upstreamUrl, key: access.key, ca: access.ca },
          worker: {
            genesis,
            history: { blocks: options.stateHistoryBlocks, bytes: options.stateHistoryBytes },
            gasCap: options.gasCap,
            maxLogs: options.maxLogs,
            maxWaitMs: options.readWaitMs,
          },
          appliedSeq: replica.lastSeq,
          onError: report,
        })
      : undefined
  // The heavy reads run on the pool; each keeps its in-thread method for when no worker can answer.
  if (readPool)
    Object.assign(methods, offloadReads({ methods, pool: readPool, blocks: replica, blockContext }))

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

  // Reads wait for the replica's first catch-up (a restart replays the whole history): see SnapshotHold.
  let caughtUp: () => void = () => {}
  const snapshot = createSnapshotHold(
    replica,
    new Promise<void>((resolve) => {
      caughtUp = resolve
    }),
  )
  const lag = createLagMonitor({
    replica,
    blockIntervalMs: chain.blockIntervalMs,
    maxLagMs: options.maxLagMs,
  })
  let server: RpcServer
  try {
    server = await createRpcServer({
      config: rpc,
      methods,
      context: {},
      ready,
      health: lag.health,
      subscriptionReplay: createSubscriptionReplay({
        blocks: replica,
        maxMiniBlocks: options.maxReplayMiniBlocks,
      }),
      onInternalError: report,
      // Every `latest`/`pending` read of a batch answers from one mini-block: see SnapshotHold.
      snapshot,
      costOf: createMethodCosts({ gasCap: options.gasCap, head: () => Number(replica.head().block) }),
      extraMetrics: () =>
        hops.render() + lag.render() + (readPool ? renderReadPoolMetrics(readPool.stats()) : ''),
      listen: listenExclusive,
    })
  } catch (error) {
    // The port is taken (or the config is bad): do not leave the link open behind a failed start.
    snapshot.close()
    lag.stop()
    submitter.close()
    filters.close()
    devControls?.close()
    await readPool?.close()
    throw error
  }
  const publisher = createStreamPublisher({ registry: server.subscriptions, blocks: replica })
  const heartbeat =
    options.heartbeatIntervalMs > 0
      ? createHeartbeat({
          registry: server.subscriptions,
          newestMiniBlock: () => replica.head().miniBlock,
          intervalMs: options.heartbeatIntervalMs,
        })
      : undefined
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
      caughtUp()
    },
    () => caughtUp(),
  )

  return {
    server,
    replica,
    readPool,
    url: server.url,
    wsUrl: server.wsUrl,
    ready,
    whenReady: () => (ready() ? Promise.resolve() : new Promise((resolve) => readyWaiters.add(resolve))),
    async close() {
      unsubscribe()
      stopWatching()
      heartbeat?.stop()
      snapshot.close()
      lag.stop()
      submitter.close()
      filters.close()
      devControls?.close()
      await readPool?.close()
      await server.close()
      await follower.close()
      await caller.close()
    },
  }

  function followOverLink(url: string) {
    const linked = followSequencer(replica, { url, ...access, onError: report })
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
