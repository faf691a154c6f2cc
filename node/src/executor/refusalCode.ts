import { SimulateErrorCode } from '@rtevm/protocol'

/** eth_simulateV1's code for an EthereumJS refusal, matched on its message (EthereumJS has no error codes). */
export function refusalCode(reason: string): SimulateErrorCode {
  if (reason.includes('enough funds')) return SimulateErrorCode.InsufficientFunds
  if (reason.includes('INTRINSIC_GAS_TOO_LOW') || reason.includes('gasLimit is too low'))
    return SimulateErrorCode.IntrinsicGas
  if (reason.includes("block's baseFeePerGas")) return SimulateErrorCode.BaseFeeTooLow
  if (reason.includes('EIP-3607')) return SimulateErrorCode.SenderNotEoa
  return SimulateErrorCode.Invalid
}
