import { compileTestContracts } from '@rtevm/testkit'
import { type Address, encodeFunctionData } from 'viem'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { rawRpc, startTestEdge, type TestEdge, testDevAccounts, viemClients } from './edgeTestSupport.ts'

const [dev0, dev1] = testDevAccounts
const { probe } = compileTestContracts()

let t: TestEdge
beforeEach(async () => {
  t = await startTestEdge()
})
afterEach(async () => {
  await t.close()
})

describe('EIP-7702 set-code transactions', () => {
  it('a sponsor delegates an EOA to a contract: the EOA gets the delegation code and runs it in its own storage', async () => {
    const sponsor = viemClients(t.edge.url, dev0.privateKey)
    const authority = viemClients(t.edge.url, dev1.privateKey)
    const deployed = await sponsor.publicClient.waitForTransactionReceipt({
      hash: await sponsor.walletClient.deployContract({ abi: probe.abi, bytecode: probe.bytecode }),
    })
    const target = deployed.contractAddress as Address

    const authorization = await authority.walletClient.signAuthorization({ contractAddress: target })
    const hash = await sponsor.walletClient.sendTransaction({
      authorizationList: [authorization],
      to: dev1.address,
      data: encodeFunctionData({ abi: probe.abi, functionName: 'set', args: [1n, 42n] }),
    })
    const receipt = await sponsor.publicClient.waitForTransactionReceipt({ hash })
    expect(receipt).toMatchObject({ status: 'success', type: 'eip7702', from: dev0.address.toLowerCase() })

    // The delegation designator: 0xef0100 ‖ the contract's address.
    expect(await sponsor.publicClient.getCode({ address: dev1.address })).toBe(
      `0xef0100${target.slice(2).toLowerCase()}`,
    )
    expect(await sponsor.publicClient.getTransactionCount({ address: dev1.address })).toBe(1)
    const stored = await sponsor.publicClient.readContract({
      address: dev1.address,
      abi: probe.abi,
      functionName: 'slots',
      args: [1n],
    })
    expect(stored).toBe(42n)
    // The contract's own storage is untouched: the code ran in the EOA's.
    expect(
      await sponsor.publicClient.readContract({
        address: target,
        abi: probe.abi,
        functionName: 'slots',
        args: [1n],
      }),
    ).toBe(0n)

    const tx = await sponsor.publicClient.getTransaction({ hash })
    expect(tx.type).toBe('eip7702')
    expect(tx.authorizationList).toHaveLength(1)
    expect(tx.authorizationList?.[0].address.toLowerCase()).toBe(target.toLowerCase())
  })

  it('the authority sends its own delegation, and a transaction without authorizations is refused', async () => {
    const authority = viemClients(t.edge.url, dev1.privateKey)
    const sponsor = viemClients(t.edge.url, dev0.privateKey)
    const deployed = await sponsor.publicClient.waitForTransactionReceipt({
      hash: await sponsor.walletClient.deployContract({ abi: probe.abi, bytecode: probe.bytecode }),
    })
    const target = deployed.contractAddress as Address
    const authorization = await authority.walletClient.signAuthorization({
      contractAddress: target,
      executor: 'self',
    })
    const hash = await authority.walletClient.sendTransaction({
      authorizationList: [authorization],
      to: dev1.address,
      data: encodeFunctionData({ abi: probe.abi, functionName: 'bump', args: ['0x'] }),
    })
    expect((await authority.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
    expect(await authority.publicClient.getTransactionCount({ address: dev1.address })).toBe(2)
    expect(
      await authority.publicClient.readContract({
        address: dev1.address,
        abi: probe.abi,
        functionName: 'count',
      }),
    ).toBe(1n)

    const empty = await authority.walletClient.signTransaction({
      type: 'eip7702',
      authorizationList: [],
      to: dev0.address,
      gas: 100_000n,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 10n ** 9n,
      nonce: 2,
    } as never)
    const refused = await rawRpc(t.edge.url, 'eth_sendRawTransaction', [empty])
    expect(refused.error?.message).toMatch(/authorization/i)
  })
})
