import { SimulateErrorCode } from '@rtevm/protocol'

/**
 * eth_simulateV1's refusals → the execution-apis spec's numbers (src/eth/execute.yaml),
 * spread into THE table (`jsonRpcCodes`) so clients can tell a bad nonce from a bad block order.
 */
export const simulateJsonRpcCodes: Readonly<Record<string, number>> = {
  [SimulateErrorCode.NonceTooLow]: -38010,
  [SimulateErrorCode.NonceTooHigh]: -38011,
  [SimulateErrorCode.BaseFeeTooLow]: -38012,
  [SimulateErrorCode.IntrinsicGas]: -38013,
  [SimulateErrorCode.InsufficientFunds]: -38014,
  [SimulateErrorCode.BlockGasLimit]: -38015,
  [SimulateErrorCode.BlockNumberOrder]: -38020,
  [SimulateErrorCode.BlockTimestampOrder]: -38021,
  [SimulateErrorCode.SenderNotEoa]: -38024,
  [SimulateErrorCode.ClientLimit]: -38026,
  // The spec's generic "invalid request" for a refusal it has no code of its own for.
  [SimulateErrorCode.Invalid]: -32000,
}
