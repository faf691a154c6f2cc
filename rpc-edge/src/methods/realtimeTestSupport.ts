import { compileTestContracts } from '@rtevm/testkit'
import { type Address, encodeDeployData, encodeFunctionData, type Hex, keccak256, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { rawRpc, testDevAccounts } from '../edge/edgeTestSupport.ts'

/** Signs and sends raw transactions from dev account 0 against a test edge, nonces counted locally. */
export function createProbeSender(url: string) {
  const account = privateKeyToAccount(testDevAccounts[0].privateKey)
  const { probe } = compileTestContracts()
  let nonce = 0

  async function sign(to: Address | undefined, data: Hex): Promise<Hex> {
    return account.signTransaction({
      chainId: 31337,
      type: 'eip1559',
      nonce: nonce++,
      to,
      data,
      gas: 3_000_000n,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 10n ** 9n,
    })
  }

  async function send(raw: Hex): Promise<Hex> {
    const answer = await rawRpc(url, 'eth_sendRawTransaction', [raw])
    if (answer.error) throw new Error(`send failed: ${answer.error.message}`)
    return answer.result as Hex
  }

  return {
    account,
    probe,
    sign,
    send,
    /** Deploys Probe; resolves with its address once the edge has the receipt. */
    async deploy(): Promise<Address> {
      const raw = await sign(undefined, encodeDeployData({ abi: probe.abi, bytecode: probe.bytecode }))
      const answer = await rawRpc(url, 'eth_sendRawTransactionSync', [raw])
      return (answer.result as { contractAddress: Address }).contractAddress
    },
    /** A signed `bump(note)`: one Bumped log, count + 1. */
    bump: (probeAddress: Address, note: number) =>
      sign(probeAddress, encodeFunctionData({ abi: probe.abi, functionName: 'bump', args: [toHex(note)] })),
    countCall: (probeAddress: Address) => ({
      to: probeAddress,
      data: encodeFunctionData({ abi: probe.abi, functionName: 'count' }),
    }),
    hashOf: (raw: Hex) => keccak256(raw),
  }
}
