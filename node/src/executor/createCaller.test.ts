import type { Caller } from '@rtevm/protocol'
import { EstimateGasError } from '@rtevm/protocol/errors'
import { compileTestContracts } from '@rtevm/testkit'
import {
  decodeErrorResult,
  decodeFunctionResult,
  encodeFunctionData,
  getAddress,
  type Hex,
  hexToBytes,
  keccak256,
  pad,
  toBytes,
} from 'viem'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createReplica, type Replica } from '../replica/index.ts'
import { dumpReplicaState, startTestChain, type TestChain } from '../replica/replicaTestSupport.ts'
import { createChainCommon } from './chainCommon.ts'
import { CallRejectedError, createCaller } from './createCaller.ts'

let chain: TestChain | undefined
let replica: Replica
let caller: Caller
let token: Hex

beforeAll(() => {
  compileTestContracts() // solc-js takes seconds once; every test after that hits its cache
})

afterEach(async () => {
  await chain?.sequencer.close()
  chain = undefined
})

const SUPPLY = 10n ** 24n
const STRANGER = hexToBytes('0x00000000000000000000000000000000deadbeef')

/** A chain with a deployed token, and a replica (the caller's state) at its head. */
async function start() {
  chain = await startTestChain(2, { blockIntervalMs: 2 ** 31 - 1 })
  token = await chain.deployToken(SUPPLY)
  await chain.round(token, 10n ** 20n)
  replica = await createReplica(chain.sequencer.genesis)
  sync()
  caller = createCaller({ common: createChainCommon(chain.sequencer.config.chainId), state: replica.state })
}

function sync() {
  for (const event of chain!.events().slice(Number(replica.lastSeq()))) replica.apply(event)
}

const abi = () => chain!.contracts.token.abi
const data = (functionName: string, args: readonly unknown[]) =>
  hexToBytes(encodeFunctionData({ abi: abi(), functionName, args }))
const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString('hex')}` as Hex

describe('call', () => {
  it('reads a view function and leaves the state unchanged', async () => {
    await start()
    const [alice, bob] = chain!.signers
    const before = dumpReplicaState(replica)
    const result = await caller.call(
      { to: hexToBytes(token), data: data('balanceOf', [alice.address]) },
      replica.pendingBlockContext(),
    )
    expect(result.success).toBe(true)
    const balance = decodeFunctionResult({
      abi: abi(),
      functionName: 'balanceOf',
      data: hex(result.returnData),
    })
    expect(balance).toBe(SUPPLY - 10n ** 20n + 10n ** 20n) // sent 1e20 to bob, got 1e20 back from bob
    // A state-changing call runs, reports its logs, and is undone.
    const transfer = await caller.call(
      { from: hexToBytes(alice.address), to: hexToBytes(token), data: data('transfer', [bob.address, 5n]) },
      replica.pendingBlockContext(),
    )
    expect(transfer.success).toBe(true)
    expect(transfer.logs).toHaveLength(1)
    expect(transfer.logs[0].topics[0]).toEqual(
      hexToBytes(keccak256(toBytes('Transfer(address,address,uint256)'))),
    )
    expect(transfer.gasUsed).toBeGreaterThan(21_000n)
    expect(dumpReplicaState(replica)).toEqual(before)
    expect(replica.state.depth()).toBe(0)
  })

  it('returns revert data for custom errors and require messages', async () => {
    await start()
    const context = replica.pendingBlockContext()
    const short = await caller.call(
      { from: STRANGER, to: hexToBytes(token), data: data('transfer', [chain!.signers[0].address, 3n]) },
      context,
    )
    expect(short.success).toBe(false)
    expect(short.error).toBe('revert')
    const decoded = decodeErrorResult({ abi: abi(), data: hex(short.revertData!) })
    expect(decoded.errorName).toBe('InsufficientBalance')
    expect(decoded.args).toEqual([getAddress(hex(STRANGER)), 0n, 3n])
    const zero = await caller.call(
      { to: hexToBytes(token), data: data('transfer', ['0x0000000000000000000000000000000000000000', 0n]) },
      context,
    )
    expect(decodeErrorResult({ abi: abi(), data: hex(zero.revertData!) }).args).toEqual([
      'TestToken: transfer to the zero address',
    ])
  })

  it('applies balance, code and storage overrides only inside the call', async () => {
    await start()
    const context = replica.pendingBlockContext()
    const pay = { from: STRANGER, to: hexToBytes(chain!.signers[0].address), value: 10n ** 18n }
    await expect(caller.call(pay, context)).rejects.toBeInstanceOf(CallRejectedError)
    const paid = await caller.call(
      { ...pay, stateOverride: [{ address: STRANGER, balance: 2n * 10n ** 18n }] },
      context,
    )
    expect(paid.success).toBe(true)
    const clone = hexToBytes('0x000000000000000000000000000000000000c10e')
    const totalSupply = await caller.call(
      {
        to: clone,
        data: data('totalSupply', []),
        stateOverride: [
          {
            address: clone,
            code: hexToBytes(chain!.contracts.token.deployedBytecode),
            state: [{ slot: new Uint8Array(32), value: 42n }],
          },
        ],
      },
      context,
    )
    expect(
      decodeFunctionResult({ abi: abi(), functionName: 'totalSupply', data: hex(totalSupply.returnData) }),
    ).toBe(42n)
    expect(replica.getAccount(STRANGER)).toBeUndefined()
    expect(replica.getAccount(clone)).toBeUndefined()
  })
})

describe('estimateGas', () => {
  it('estimates an ERC-20 transfer that then succeeds with that limit', async () => {
    await start()
    const [alice, bob] = chain!.signers
    const request = {
      from: hexToBytes(alice.address),
      to: hexToBytes(token),
      data: data('transfer', [bob.address, 9n]),
    }
    const estimate = await caller.estimateGas(request, replica.pendingBlockContext())
    const inclusion = await chain!.send(alice, { to: token, data: hex(request.data), gasLimit: estimate })
    expect(inclusion.receipt.status).toBe(1)
    expect(estimate).toBeGreaterThanOrEqual(inclusion.receipt.gasUsed)
    expect(estimate - inclusion.receipt.gasUsed).toBeLessThan(inclusion.receipt.gasUsed / 20n)
    sync()
    // A transfer that always reverts fails with its revert data.
    const error = await caller
      .estimateGas({ ...request, from: STRANGER }, replica.pendingBlockContext())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EstimateGasError)
    expect(
      decodeErrorResult({ abi: abi(), data: hex((error as EstimateGasError).revertData!) }).errorName,
    ).toBe('InsufficientBalance')
    expect(await caller.estimateGas({ to: STRANGER }, replica.pendingBlockContext())).toBe(21_000n)
  })
})

describe('createAccessList', () => {
  it('lists the token slots a transfer touches, and its gas with the list', async () => {
    await start()
    const [alice, bob] = chain!.signers
    const request = {
      from: hexToBytes(alice.address),
      to: hexToBytes(token),
      data: data('transfer', [bob.address, 1n]),
    }
    const context = replica.pendingBlockContext()
    const result = await caller.createAccessList(request, context)
    expect(result.success).toBe(true)
    const balanceSlot = (owner: Hex) => keccak256(`0x${pad(owner).slice(2)}${pad('0x1').slice(2)}` as Hex)
    expect(result.accessList).toHaveLength(1)
    expect(hex(result.accessList[0].address)).toBe(token)
    expect(result.accessList[0].storageKeys.map(hex).sort()).toEqual(
      [balanceSlot(alice.address), balanceSlot(bob.address)].sort(),
    )
    const plain = await caller.call(request, context)
    // The list costs 2400 + 2 × 1900 and saves 2 × (2100 − 100) on the two cold slots; `to` was warm anyway.
    expect(result.gasUsed).toBe(plain.gasUsed + 2_200n)
  })
})
