import type { RealtimeSocket } from '@rtevm/client'
import {
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  decodeFunctionResult,
  encodeFunctionData,
  type Hex,
} from 'viem'

/** `eth_call` at `latest` (the newest mini-block) over the edge socket, encoded and decoded by viem. */
export async function callContract<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, 'pure' | 'view'>,
>(
  socket: RealtimeSocket,
  parameters: {
    address: Address
    abi: abi
    functionName: functionName
    args?: ContractFunctionArgs<abi, 'pure' | 'view', functionName>
  },
) {
  const data = encodeFunctionData(parameters as never)
  const result = await socket.request<Hex>('eth_call', [{ to: parameters.address, data }, 'latest'])
  return decodeFunctionResult({
    abi: parameters.abi,
    functionName: parameters.functionName,
    data: result,
  } as never) as ReturnType<typeof decodeFunctionResult<abi, functionName>>
}
