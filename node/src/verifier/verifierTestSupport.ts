// Test support for the verifier's tests and bench; not part of the folder's public surface.

import type { TxInclusion } from '@rtevm/protocol'
import type { TestContracts, TxSigner } from '@rtevm/testkit'
import { encodeDeployData, encodeFunctionData, type Hex } from 'viem'
import { startTestChain as startReplicaTestChain } from '../replica/replicaTestSupport.ts'
import type { Sequencer } from '../sequencer/index.ts'
import type { BlockToVerify } from './createStatelessVerifier.ts'
import { createWitnessFollower } from './witnessFollower.ts'

export type TestChain = {
  sequencer: Sequencer
  signers: TxSigner[]
  contracts: TestContracts
  send(
    signer: TxSigner,
    tx: { to?: Hex; value?: bigint; data?: Hex; gasLimit?: bigint },
  ): Promise<TxInclusion>
  deploy(contract: 'token' | 'probe', args?: readonly unknown[]): Promise<Hex>
  call(
    to: Hex,
    contract: 'token' | 'probe',
    functionName: string,
    args: readonly unknown[],
    signer?: TxSigner,
  ): Promise<TxInclusion>
  /** Every sealed block so far, with its witness, made by re-executing the stream. */
  blocksToVerify(): Promise<BlockToVerify[]>
}

/** A real sequencer (blocks sealed only on demand) with funded senders and the test contracts. */
export async function startTestChain(senderCount = 4): Promise<TestChain> {
  const base = await startReplicaTestChain(senderCount, { blockIntervalMs: 2 ** 31 - 1 })
  const { sequencer, signers, contracts } = base
  const send: TestChain['send'] = (signer, tx) => base.send(signer, { gasLimit: 300_000n, ...tx })

  return {
    sequencer,
    signers,
    contracts,
    send,
    async deploy(contract, args = []) {
      const { abi, bytecode } = contracts[contract]
      const inclusion = await send(signers[0], {
        data: encodeDeployData({ abi, bytecode, args }),
        gasLimit: 3_000_000n,
      })
      const address = inclusion.receipt.contractAddress
      if (!address) throw new Error(`${contract} deployment failed`)
      return `0x${Buffer.from(address).toString('hex')}`
    },
    call(to, contract, functionName, args, signer = signers[0]) {
      const data = encodeFunctionData({ abi: contracts[contract].abi, functionName, args })
      return send(signer, { to, data })
    },
    async blocksToVerify() {
      const follower = await createWitnessFollower(sequencer.config)
      const blocks: BlockToVerify[] = []
      for (const { event } of sequencer.events.readFrom(1n, 1 << 30)) {
        const block = await follower.apply(event)
        if (block) blocks.push(block)
      }
      return blocks
    },
  }
}
