import { DEV_ACCOUNT_COUNT, DEV_MNEMONIC, type LinkRole } from '@rtevm/protocol'
import type { MempoolOptions } from '../mempool/index.ts'
import { DEFAULT_HISTORY_WINDOW, type HistoryWindow } from '../state/index.ts'
import { DEVNET_VERIFIER_ADDRESS } from './devVerifier.ts'

/** Everything the sequencer can be told; every field has a default in `defaultConfig`. */
export type SequencerConfig = {
  chainId: bigint
  /** Dev accounts are derived from this mnemonic and funded at genesis. */
  mnemonic: string
  devAccountCount: number
  /** Wei given to each dev account at genesis. */
  devAccountBalance: bigint
  /** Further accounts funded at genesis, beside the dev accounts. */
  alloc: readonly GenesisAllocation[]
  /** Fixed base fee of every block (the devnet does not adjust it). */
  baseFeePerGas: bigint
  /** Gas limit of a 1 s EVM block; reaching it seals the block early. */
  blockGasLimit: bigint
  /** Largest gas limit a single transaction may ask for. */
  maxTransactionGas: bigint
  blockIntervalMs: number
  /** A mini-block is sealed once this much execution time has accumulated (or the queue drains). */
  miniBlockMaxWorkUs: number
  /** Receives priority fees; the zero address by default. */
  coinbase: `0x${string}`
  mempool: MempoolOptions
  /** Apply plain EOA-to-EOA ETH transfers without the interpreter (same result; see executor/plainTransfer.ts). */
  fastTransfers: boolean
  /** Run contract calls of common shapes without runTx's per-transaction setup (same result; see executor/leanCall.ts). */
  leanCalls: boolean
  /** Run hot contract code compiled to JavaScript, the interpreter as fallback (same result; see evmCompiler/). */
  compileContracts: boolean
  /**
   * Where the DA log and state snapshots live. Unset: nothing is durable
   * (tests, benchmarks); set: receipts wait for the log, and a restart recovers.
   */
  dataDir: string | undefined
  /** A state snapshot every this many blocks (0: never), so a restart replays little of the log. */
  snapshotEveryBlocks: number
  /** Record what each block touches and build its witness (proofs against the parent root) for verifiers. */
  witnesses: boolean
  /** Addresses whose signed attestations move `finalized`; the devnet verifier's by default. */
  verifiers: readonly `0x${string}`[]
  /** Accept devnet commands (state edits, impersonation, time control, mining on demand). */
  devMethods: boolean
  /** With dev methods on: how far back `anvil_rollback` / `anvil_reorg` reach (reverse diffs in RAM). */
  stateHistory: HistoryWindow
  /** Worker threads recovering transaction senders; 0 picks one per core. */
  recoveryWorkers: number
  /** Stream events kept in RAM for followers resuming from a cursor. */
  historyLimit: number
  /** Encoded bytes of stream events kept in RAM; the oldest go first (RAM is bounded under any load). */
  historyBytesLimit: number
  link: LinkConfig
}

/** An account funded at genesis. */
export type GenesisAllocation = { address: `0x${string}`; balance: bigint }

/** The sequencer's binary WebSocket link for edges, full nodes and tools. */
export type LinkConfig = {
  host: string
  port: number
  /** Largest frame accepted from a client. */
  maxPayloadBytes: number
  /** A follower whose unsent bytes exceed this is dropped with a reason. */
  maxBackpressureBytes: number
  maxConnections: number
  /** Transactions a single connection may have in flight. */
  maxInflightPerConnection: number
  /**
   * Who may do what. Unset: every connection holds every role, which the
   * server allows on a loopback host only. Set: a connection holds the roles
   * of the peer whose key it proves (`authenticate`), and none before.
   */
  peers: readonly LinkPeer[] | undefined
  /** Serve `wss://` with this certificate: for a link that leaves the machine. */
  tls: LinkTls | undefined
}

/** A party allowed on the link: its name (for logs), its Ed25519 public key, and what it may do. */
export type LinkPeer = { name: string; publicKey: Uint8Array; roles: readonly LinkRole[] }

/** PEM files of the link's TLS certificate (chain) and its private key. */
export type LinkTls = { certFile: string; keyFile: string }

export const defaultConfig: SequencerConfig = {
  chainId: 31337n,
  mnemonic: DEV_MNEMONIC,
  devAccountCount: DEV_ACCOUNT_COUNT,
  devAccountBalance: 10_000n * 10n ** 18n,
  alloc: [],
  baseFeePerGas: 1_000_000_000n,
  blockGasLimit: 10_000_000_000n,
  maxTransactionGas: 30_000_000n,
  blockIntervalMs: 1000,
  miniBlockMaxWorkUs: 1000,
  coinbase: '0x0000000000000000000000000000000000000000',
  mempool: {
    maxTransactions: 10_000,
    maxBytes: 32 * 1024 * 1024,
    maxPerSender: 64,
    maxNonceGap: 64,
    replacementBumpPercent: 10,
  },
  fastTransfers: true,
  leanCalls: true,
  compileContracts: true,
  dataDir: undefined,
  snapshotEveryBlocks: 60,
  witnesses: true,
  verifiers: [DEVNET_VERIFIER_ADDRESS],
  devMethods: true,
  stateHistory: DEFAULT_HISTORY_WINDOW,
  recoveryWorkers: 0,
  historyLimit: 100_000,
  historyBytesLimit: 256 * 1024 * 1024,
  link: {
    host: '127.0.0.1',
    port: 9545,
    maxPayloadBytes: 256 * 1024,
    maxBackpressureBytes: 16 * 1024 * 1024,
    maxConnections: 1024,
    maxInflightPerConnection: 4096,
    peers: undefined,
    tls: undefined,
  },
}

/** Partial overrides, one level deep for the nested groups. */
export type SequencerConfigInput = Partial<Omit<SequencerConfig, 'mempool' | 'link'>> & {
  mempool?: Partial<MempoolOptions>
  link?: Partial<LinkConfig>
}

/** Fills every missing field from `defaultConfig`: defaults live in one place. */
export function defineConfig(input: SequencerConfigInput = {}): SequencerConfig {
  return {
    ...defaultConfig,
    ...input,
    mempool: { ...defaultConfig.mempool, ...input.mempool },
    link: { ...defaultConfig.link, ...input.link },
  }
}
