import { EstimateGasError } from '../errors/index.ts'
import type { BlockHeader, Log, StorageChange } from '../types/index.ts'

/** The EVM block a transaction or call executes in: what `NUMBER`, `TIMESTAMP`, `BASEFEE`… see. */
export type BlockContext = {
  number: bigint
  /** Seconds. */
  timestamp: bigint
  baseFeePerGas: bigint
  gasLimit: bigint
  coinbase: Uint8Array
  prevRandao: Uint8Array
}

/** The context a sealed block's transactions ran in, from its header. */
export function blockContextOf(header: BlockHeader): BlockContext {
  return {
    number: header.number,
    timestamp: header.timestamp,
    baseFeePerGas: header.baseFeePerGas,
    gasLimit: header.gasLimit,
    coinbase: header.coinbase,
    prevRandao: header.mixHash,
  }
}

/** One EIP-2930 access-list entry. */
export type AccessListEntry = { address: Uint8Array; storageKeys: Uint8Array[] }

/** One signed EIP-7702 authorization: `address`'s code becomes the authority's delegation. */
export type Authorization = {
  chainId: bigint
  address: Uint8Array
  nonce: bigint
  yParity: number
  r: bigint
  s: bigint
}

/** eth_call's per-account state override; `state` replaces all storage, `stateDiff` patches it. */
export type AccountOverride = {
  address: Uint8Array
  balance?: bigint
  nonce?: bigint
  code?: Uint8Array
  state?: StorageChange[]
  stateDiff?: StorageChange[]
}

/** An eth_call / eth_estimateGas request. No `to` means contract creation. */
export type CallRequest = {
  /** Default: the zero address. */
  from?: Uint8Array
  to?: Uint8Array
  data?: Uint8Array
  value?: bigint
  /** Default and ceiling: the caller's gas cap. */
  gas?: bigint
  /** Without a price (gasPrice or maxFeePerGas) the call pays nothing and sees BASEFEE 0, as in geth. */
  gasPrice?: bigint
  maxFeePerGas?: bigint
  maxPriorityFeePerGas?: bigint
  accessList?: AccessListEntry[]
  /** EIP-7702: the run is a set-code transaction that applies these first. */
  authorizationList?: Authorization[]
  stateOverride?: AccountOverride[]
  /** Run on the state at the end of this sealed block (within the history window); default the newest state. */
  atBlock?: bigint
}

export type CallResult = {
  success: boolean
  /** What the call returned; empty when it failed. */
  returnData: Uint8Array
  gasUsed: bigint
  logs: Log[]
  /** The revert payload when the call reverted (possibly empty). */
  revertData?: Uint8Array
  /** The EVM's reason when it failed ('revert', 'out of gas', ...). */
  error?: string
}

export type AccessListResult = CallResult & { accessList: AccessListEntry[] }

/** Read-only execution over the newest state: every run is undone before it returns. */
export type Caller = {
  call(request: CallRequest, context: BlockContext): Promise<CallResult>
  /** The smallest gas limit (within 1.5 %, as geth) at which the call succeeds; throws EstimateGasError. */
  estimateGas(request: CallRequest, context: BlockContext): Promise<bigint>
  /** The addresses and slots the call touches (sender, recipient and precompiles left out) and its gas with that list. */
  createAccessList(request: CallRequest, context: BlockContext): Promise<AccessListResult>
}

/**
 * A `Caller` with no EVM behind it: every run answers `answer(request)`; an
 * estimate is its `gasUsed`, or EstimateGasError when it failed; access lists are empty.
 */
export function createMemoryCaller(answer: (request: CallRequest) => CallResult): Caller {
  return {
    call: async (request) => answer(request),
    async estimateGas(request) {
      const result = answer(request)
      if (!result.success) throw new EstimateGasError(`execution failed: ${result.error}`, result.revertData)
      return result.gasUsed
    },
    createAccessList: async (request) => ({ ...answer(request), accessList: [] }),
  }
}
