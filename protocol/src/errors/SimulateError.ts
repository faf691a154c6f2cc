import { RtevmError, type RtevmErrorOptions } from './RtevmError.ts'

/**
 * Why eth_simulateV1 refused a whole simulation, one code per error of the
 * execution-apis spec (src/eth/execute.yaml); the edge maps each to the
 * spec's number (-38010 …). A call that runs and fails is not one of these:
 * it is a failed call in the result.
 */
export const SimulateErrorCode = {
  NonceTooLow: 'SIMULATE_NONCE_TOO_LOW',
  NonceTooHigh: 'SIMULATE_NONCE_TOO_HIGH',
  BaseFeeTooLow: 'SIMULATE_BASE_FEE_TOO_LOW',
  IntrinsicGas: 'SIMULATE_INTRINSIC_GAS',
  InsufficientFunds: 'SIMULATE_INSUFFICIENT_FUNDS',
  BlockGasLimit: 'SIMULATE_BLOCK_GAS_LIMIT',
  BlockNumberOrder: 'SIMULATE_BLOCK_NUMBER_ORDER',
  BlockTimestampOrder: 'SIMULATE_BLOCK_TIMESTAMP_ORDER',
  SenderNotEoa: 'SIMULATE_SENDER_NOT_EOA',
  ClientLimit: 'SIMULATE_CLIENT_LIMIT',
  /** The executor refused a call for a reason the spec has no code for. */
  Invalid: 'SIMULATE_INVALID',
} as const

export type SimulateErrorCode = (typeof SimulateErrorCode)[keyof typeof SimulateErrorCode]

export class SimulateError extends RtevmError {
  override name = 'SimulateError'
  constructor(code: SimulateErrorCode, message: string, options: RtevmErrorOptions = {}) {
    super(code, message, options)
  }
}
