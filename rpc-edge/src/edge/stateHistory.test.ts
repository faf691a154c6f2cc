import { compileTestContracts } from '@rtevm/testkit'
import { type Address, encodeAbiParameters, encodeFunctionData, type Hash, keccak256 } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { rawRpc, startTestEdge, type TestEdge, testDevAccounts, viemClients } from './edgeTestSupport.ts'

const [dev0, dev1] = testDevAccounts
const { token } = compileTestContracts()

let t: TestEdge | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

/** Sends, then seals the open block, and returns the sealed block holding the receipt. */
async function sealedAfter(started: TestEdge, send: () => Promise<Hash>) {
  const { publicClient } = viemClients(started.edge.url)
  const hash = await send()
  await started.sequencer.sealBlock()
  const { blockNumber } = await publicClient.waitForTransactionReceipt({ hash })
  while (started.edge.replica.head().block < blockNumber) await new Promise((r) => setTimeout(r, 5))
  // Read again now that its block is sealed here: before, the receipt carries the open block's zero hash.
  return publicClient.getTransactionReceipt({ hash })
}

describe('state at older blocks', () => {
  it('reads balances, nonces, code, storage and calls at a block number, a block hash, safe and earliest', async () => {
    t = await startTestEdge()
    const started = t
    const { publicClient, walletClient } = viemClients(started.edge.url)
    const deployed = await sealedAfter(started, () =>
      walletClient.deployContract({ abi: token.abi, bytecode: token.bytecode, args: [1_000n] }),
    )
    const address = deployed.contractAddress as Address
    const first = await sealedAfter(started, () =>
      walletClient.writeContract({
        address,
        abi: token.abi,
        functionName: 'transfer',
        args: [dev1.address, 7n],
      }),
    )
    const second = await sealedAfter(started, () =>
      walletClient.writeContract({
        address,
        abi: token.abi,
        functionName: 'transfer',
        args: [dev1.address, 5n],
      }),
    )
    const balanceOf = (blockNumber?: bigint) =>
      publicClient.readContract({
        address,
        abi: token.abi,
        functionName: 'balanceOf',
        args: [dev1.address],
        blockNumber,
      })

    expect(await balanceOf()).toBe(12n)
    expect(await balanceOf(second.blockNumber)).toBe(12n)
    expect(await balanceOf(first.blockNumber)).toBe(7n)
    expect(await balanceOf(deployed.blockNumber)).toBe(0n)
    await expect(balanceOf(deployed.blockNumber - 1n)).rejects.toThrow() // no code yet: the call returns 0x
    expect(await publicClient.getCode({ address, blockNumber: deployed.blockNumber - 1n })).toBeUndefined()
    expect(await publicClient.getCode({ address, blockNumber: deployed.blockNumber })).toMatch(/^0x60/)

    expect(await publicClient.getTransactionCount({ address: dev0.address, blockNumber: 0n })).toBe(0)
    expect(
      await publicClient.getTransactionCount({ address: dev0.address, blockNumber: first.blockNumber }),
    ).toBe(2)
    const spent = await publicClient.getBalance({ address: dev0.address, blockNumber: 0n })
    expect(spent).toBe(10_000n * 10n ** 18n)
    expect(
      await publicClient.getBalance({ address: dev0.address, blockNumber: second.blockNumber }),
    ).toBeLessThan(spent)
    const { result: earliest } = await rawRpc(started.edge.url, 'eth_getBalance', [dev0.address, 'earliest'])
    expect(BigInt(earliest as string)).toBe(spent)

    // balanceOf is the token's slot 1: dev1's entry is at keccak(dev1 . 1).
    const slot = keccak256(
      encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [dev1.address, 1n]),
    )
    const stored = (blockNumber: bigint) => publicClient.getStorageAt({ address, slot, blockNumber })
    expect(BigInt((await stored(first.blockNumber)) ?? '0x0')).toBe(7n)
    expect(BigInt((await stored(deployed.blockNumber)) ?? '0x0')).toBe(0n)
    const safe = await rawRpc(started.edge.url, 'eth_getStorageAt', [address, slot, 'safe'])
    expect(BigInt(safe.result as string)).toBe(12n)

    // eth_getAccount: the storage root it computes agrees with eth_getProof's at the newest sealed block.
    const head = `0x${started.edge.replica.head().block.toString(16)}`
    const proof = (await rawRpc(started.edge.url, 'eth_getProof', [address, [], head])).result as {
      storageHash: string
      codeHash: string
    }
    const account = (await rawRpc(started.edge.url, 'eth_getAccount', [address, head])).result as Record<
      string,
      string
    >
    expect(account).toMatchObject({ storageRoot: proof.storageHash, codeHash: proof.codeHash, nonce: '0x1' })
    const unborn = (await rawRpc(started.edge.url, 'eth_getAccount', [address, '0x0'])).result
    expect(unborn).toEqual({
      codeHash: '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
      storageRoot: '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421',
      balance: '0x0',
      nonce: '0x0',
    })
    const atFirst = (
      await rawRpc(started.edge.url, 'eth_getAccount', [address, `0x${first.blockNumber.toString(16)}`])
    ).result as Record<string, string>
    expect(atFirst.storageRoot).not.toBe(account.storageRoot)

    const byHash = await rawRpc(started.edge.url, 'eth_call', [
      {
        to: address,
        data: encodeFunctionData({ abi: token.abi, functionName: 'balanceOf', args: [dev1.address] }),
      },
      { blockHash: first.blockHash },
    ])
    expect(BigInt(byHash.result as string)).toBe(7n)

    // Calls at an older block run on that block's state: dev1 held 7 after the first transfer, 0 before.
    const sendSix = {
      from: dev1.address,
      to: address,
      data: encodeFunctionData({ abi: token.abi, functionName: 'transfer', args: [dev0.address, 6n] }),
    }
    const estimate = await rawRpc(started.edge.url, 'eth_estimateGas', [
      sendSix,
      `0x${first.blockNumber.toString(16)}`,
    ])
    expect(BigInt(estimate.result as string)).toBeGreaterThan(21_000n)
    const before = await rawRpc(started.edge.url, 'eth_estimateGas', [
      sendSix,
      `0x${deployed.blockNumber.toString(16)}`,
    ])
    expect(before.error?.code).toBe(3)
  })

  it('refuses blocks older than the window with -32001 naming it, and unknown hashes', async () => {
    t = await startTestEdge({ stateHistoryBlocks: 2 })
    const started = t
    const { walletClient } = viemClients(started.edge.url)
    const receipts = []
    for (let i = 0; i < 4; i++) {
      receipts.push(
        await sealedAfter(started, () => walletClient.sendTransaction({ to: dev1.address, value: 1n })),
      )
    }
    const oldest = started.edge.replica.oldestStateBlock()
    expect(oldest).toBeGreaterThan(receipts[0].blockNumber)
    const inside = await rawRpc(started.edge.url, 'eth_getBalance', [
      dev1.address,
      `0x${oldest.toString(16)}`,
    ])
    expect(inside.error).toBeUndefined()
    const outside = await rawRpc(started.edge.url, 'eth_getBalance', [dev1.address, '0x1'])
    expect(outside.error?.code).toBe(-32001)
    expect(outside.error?.message).toMatch(/outside this node's history window, which starts at block/)
    const call = await rawRpc(started.edge.url, 'eth_call', [{ to: dev1.address }, '0x1'])
    expect(call.error?.code).toBe(-32001)
    const unknown = await rawRpc(started.edge.url, 'eth_getBalance', [
      dev1.address,
      { blockHash: `0x${'ab'.repeat(32)}` },
    ])
    expect(unknown.error?.code).toBe(-32001)
  })
})
