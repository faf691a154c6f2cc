import { type BlockContext, SimulateErrorCode, type SimulationBlock } from '@rtevm/protocol'
import { compileTestContracts } from '@rtevm/testkit'
import { decodeFunctionResult, encodeFunctionData, type Hex, hexToBytes } from 'viem'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createReplica, type Replica } from '../replica/index.ts'
import { dumpReplicaState, startTestChain, type TestChain } from '../replica/replicaTestSupport.ts'
import { hexFromBytes } from '../state/index.ts'
import { createChainCommon } from './chainCommon.ts'
import { createCaller } from './createCaller.ts'
import { createSimulator } from './createSimulator.ts'

let chain: TestChain | undefined
let replica: Replica
let token: Hex

beforeAll(() => {
  compileTestContracts() // solc-js takes seconds once; every test after that hits its cache
})

afterEach(async () => {
  await chain?.sequencer.close()
  chain = undefined
})

async function start() {
  chain = await startTestChain(2, { blockIntervalMs: 2 ** 31 - 1 })
  token = await chain.deployToken(10n ** 24n)
  replica = await createReplica(chain.sequencer.genesis)
  for (const event of chain.events()) replica.apply(event)
  const caller = createCaller({
    common: createChainCommon(chain.sequencer.config.chainId),
    state: replica.state,
  })
  return createSimulator({ caller, chain: replica })
}

const abi = () => chain!.contracts.token.abi
const data = (functionName: string, args: readonly unknown[]) =>
  hexToBytes(encodeFunctionData({ abi: abi(), functionName, args }))

function block(number: bigint, calls: SimulationBlock['calls']): SimulationBlock {
  const context: BlockContext = { ...replica.pendingBlockContext(), number, baseFeePerGas: 0n }
  return { context, calls }
}

describe('createSimulator', () => {
  it('carries state from call to call and block to block, then keeps nothing', async () => {
    const simulator = await start()
    const [alice, bob] = chain!.signers
    const before = dumpReplicaState(replica)
    const from = hexToBytes(alice!.address)
    const to = hexToBytes(token)
    const [first, second] = await simulator.simulate({
      parentHash: new Uint8Array(32),
      blocks: [
        block(1n, [{ from, to, data: data('transfer', [bob!.address, 5n]) }]),
        block(2n, [{ to, data: data('balanceOf', [bob!.address]) }]),
      ],
      validation: false,
      traceTransfers: false,
      gasCap: 50_000_000n,
    })
    expect(first!.calls[0]!.success).toBe(true)
    expect(first!.calls[0]!.logs).toHaveLength(1)
    const hex = `0x${Buffer.from(second!.calls[0]!.returnData).toString('hex')}` as Hex
    expect(decodeFunctionResult({ abi: abi(), functionName: 'balanceOf', data: hex })).toBe(5n)
    expect(second!.header.parentHash).toBe(`0x${Buffer.from(first!.hash).toString('hex')}`)
    expect(dumpReplicaState(replica)).toEqual(before)
    expect(replica.state.depth()).toBe(0)
  })

  it('refuses a bad nonce with validation and leaves the state as it was', async () => {
    const simulator = await start()
    const [alice] = chain!.signers
    const before = dumpReplicaState(replica)
    const from = hexToBytes(alice!.address)
    const simulate = (nonce: bigint) =>
      simulator.simulate({
        parentHash: new Uint8Array(32),
        blocks: [
          block(1n, [
            { from, to: from },
            { from, to: from, nonce },
          ]),
        ],
        validation: true,
        traceTransfers: false,
        gasCap: 50_000_000n,
      })
    const nonce = replica.state.getAccount(hexFromBytes(from))?.nonce ?? 0n
    await expect(simulate(nonce)).rejects.toMatchObject({ code: SimulateErrorCode.NonceTooLow })
    await expect(simulate(nonce + 2n)).rejects.toMatchObject({ code: SimulateErrorCode.NonceTooHigh })
    expect(dumpReplicaState(replica)).toEqual(before)
    expect(replica.state.depth()).toBe(0)
  })
})
