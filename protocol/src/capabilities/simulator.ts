import type { Log } from '../types/index.ts'
import type { AccountOverride, BlockContext, CallRequest } from './caller.ts'

/** One call of a simulated block: an eth_call object plus the nonce to check (with validation) or carry. */
export type SimulationCall = Omit<CallRequest, 'stateOverride' | 'atBlock'> & { nonce?: bigint }

/** A block to simulate, its context already resolved (number, time, fees). */
export type SimulationBlock = {
  context: BlockContext
  /** Applied before the block's calls, on top of what the blocks before left. */
  stateOverride?: AccountOverride[]
  calls: SimulationCall[]
}

/** eth_simulateV1's execution request, its blocks already laid out by the spec's rules. */
export type SimulationRequest = {
  /** Start from the state at the end of this sealed block; default the newest state. */
  atBlock?: bigint
  /** The hash of the block the first simulated block follows. */
  parentHash: Uint8Array
  blocks: SimulationBlock[]
  /** Nonce, balance and base-fee checks as for a real transaction; without, nonces are not checked. */
  validation: boolean
  /** Ether transfers as ERC-20-style logs from 0xeeee…eeee (ERC-7528), as geth reports them. */
  traceTransfers: boolean
  /** Gas all calls together may use (geth gives the whole simulation one RPC gas cap). */
  gasCap: bigint
}

/** A call's outcome: a failed call is a result, not an error. */
export type SimulatedCall = {
  success: boolean
  /** Empty when the call failed (a revert's payload is `revertData`). */
  returnData: Uint8Array
  gasUsed: bigint
  logs: Log[]
  /** The revert payload when the call reverted. */
  revertData?: Uint8Array
  /** geth's message for a failure other than a revert. */
  error?: string
}

/** A simulated call as the transaction it stands for (unsigned: no signature, as geth shows it). */
export type SimulatedTransaction = {
  hash: Uint8Array
  from: Uint8Array
  /** The transaction's fields, JSON-ready (hex quantities; named `gasLimit` and `data`). */
  fields: Record<string, unknown>
}

export type SimulatedBlock = {
  context: BlockContext
  hash: Uint8Array
  gasUsed: bigint
  /** Bytes of the block's RLP (header, transactions, no uncles, no withdrawals). */
  size: bigint
  /**
   * The header the hash is of, JSON-ready (hex; EthereumJS's names: `coinbase`, `uncleHash`,
   * `transactionsTrie`, `receiptTrie`).
   */
  header: Record<string, string | undefined>
  transactions: SimulatedTransaction[]
  calls: SimulatedCall[]
}

/**
 * eth_simulateV1: blocks of calls run one after another on a state that
 * carries from call to call and block to block, and is left unchanged.
 * Refusals of the whole simulation are `SimulateError`s.
 */
export type Simulator = {
  simulate(request: SimulationRequest): Promise<SimulatedBlock[]>
}
