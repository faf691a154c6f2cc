import type { HopFigure } from './hopBreakdown.ts'

/** What the devnet benchmark and its client process (clientProcess.ts) say to each other over IPC. */

/** A chain as the client reaches it: JSON-RPC over HTTP and WebSocket on one port. */
export type ChainTarget = {
  name: string
  url: string
  wsUrl: string
  setBalanceMethod: 'anvil_setBalance' | 'hardhat_setBalance'
}

/** The same plan for every chain. */
export type ClientPlan = {
  /** Unmeasured sends before each sequential series. */
  warmup: number
  /** Measured sequential sends per transport and kind. */
  sends: number
  /** Offered rates of the pipelined runs, tx/s. */
  rates: number[]
  /** Sender counts of the pipelined runs. */
  senderCounts: number[]
  /** Length of each pipelined run, s. */
  seconds: number
}

export type TxKind = 'eth' | 'erc20' | 'order'
export type Transport = 'ws' | 'http'

/**
 * Latencies in ms, sorted, of one sequential series; `hops`: the chain's own
 * per-hop breakdown of the measured sends (rtevm's /metrics), when it has one.
 */
export type SequentialSeries = {
  kind: TxKind
  transport: Transport
  samples: number[]
  failed: number
  hops?: HopFigure[]
}

export type PipelinedRun = {
  senders: number
  offered: number
  /** Sorted latencies (ms) of the sends issued in the first and in the last 5 s. */
  first: number[]
  last: number[]
  sent: number
  confirmed: number
  failed: number
  /** Confirmed receipts ÷ (last receipt − first send). */
  achieved: number
  firstError?: string
  /** Transactions the chain left ready in its pool after the run, no block coming. */
  stranded?: number
}

export type ClientReport = {
  /** How this chain was driven: its own eth_sendRawTransactionSync, or send + receipt polling. */
  route: 'sync' | 'poll'
  sequential: SequentialSeries[]
  pipelined: PipelinedRun[]
}

export type ParentMessage =
  | { type: 'run'; chain: ChainTarget; plan: ClientPlan }
  | { type: 'resume' }
  | { type: 'chain'; chain: ChainTarget }

/**
 * `warmedUp`: the parent reads resident memory, then answers `resume`. `freshChain`: before each
 * pipelined run; the parent answers `chain` with the chain to use (anvil and Hardhat restarted).
 */
export type ClientMessage =
  | { type: 'warmedUp' }
  | { type: 'freshChain' }
  | { type: 'report'; report: ClientReport }
  | { type: 'error'; message: string }
