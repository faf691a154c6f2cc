// Test support for the verifier's tests and bench; not part of the folder's public surface.

import type { TxInclusion } from '@rtevm/protocol'
import { encodeDeployData, encodeFunctionData, type Hex, hexToBytes } from 'viem'
import { defineConfig } from '../config/index.ts'
import { createSequencer, type Sequencer } from '../sequencer/index.ts'
import { compileTestContracts, createSenders, type TestContracts, type TxSigner } from '../testing/index.ts'
import type { BlockToVerify } from './createStatelessVerifier.ts'
import { createWitnessFollower } from './witnessFollower.ts'

const GWEI = 1_000_000_000n

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
  const { signers, alloc } = createSenders(senderCount)
  const config = defineConfig({ blockIntervalMs: 2 ** 31 - 1, alloc, recoveryWorkers: 1, link: { port: 0 } })
  const sequencer = await createSequencer(config)
  const contracts = compileTestContracts()
  const nonces = new Map<string, bigint>()

  function send(signer: TxSigner, tx: { to?: Hex; value?: bigint; data?: Hex; gasLimit?: bigint }) {
    const nonce = nonces.get(signer.address) ?? 0n
    nonces.set(signer.address, nonce + 1n)
    return sequencer.submit(
      signer.sign({
        nonce,
        to: tx.to,
        value: tx.value ?? 0n,
        data: tx.data ? hexToBytes(tx.data) : undefined,
        gasLimit: tx.gasLimit ?? 300_000n,
        maxFeePerGas: 3n * GWEI,
        maxPriorityFeePerGas: GWEI,
      }),
    )
  }

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
      const follower = await createWitnessFollower(config)
      const blocks: BlockToVerify[] = []
      for (const { event } of sequencer.events.readFrom(1n, 1 << 30)) {
        const block = await follower.apply(event)
        if (block) blocks.push(block)
      }
      return blocks
    },
  }
}
