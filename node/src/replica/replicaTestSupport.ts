// Test support for the replica's and the caller's tests; not part of the folder's public surface.

import type { StreamEvent, TxInclusion } from '@rtevm/protocol'
import {
  compileTestContracts,
  createSenders,
  type StateDump,
  type TestContracts,
  type TxSigner,
} from '@rtevm/testkit'
import { encodeDeployData, encodeFunctionData, type Hex, hexToBytes } from 'viem'
import { defineConfig, type SequencerConfigInput } from '../config/index.ts'
import { createSequencer, type Sequencer } from '../sequencer/index.ts'
import { bytesToBigInt, hexFromBytes } from '../state/index.ts'
import type { Replica } from './createReplica.ts'

const GWEI = 1_000_000_000n

/** A real sequencer with funded senders, an ERC-20 deployer and locally tracked nonces. */
export type TestChain = {
  sequencer: Sequencer
  signers: TxSigner[]
  contracts: TestContracts
  send(
    signer: TxSigner,
    tx: { to?: Hex; value?: bigint; data?: Hex; gasLimit?: bigint },
  ): Promise<TxInclusion>
  /** Deploys the test token (whole supply to `signers[0]`) and returns its address. */
  deployToken(supply: bigint): Promise<Hex>
  /** One round: every signer sends a token transfer and an ETH transfer to its neighbour, all in flight. */
  round(token: Hex, amount?: bigint): Promise<TxInclusion[]>
  events(): StreamEvent[]
}

export async function startTestChain(senderCount = 4, input: SequencerConfigInput = {}): Promise<TestChain> {
  const { signers, alloc } = createSenders(senderCount)
  const sequencer = await createSequencer(
    defineConfig({ blockIntervalMs: 100, alloc, recoveryWorkers: 1, ...input, link: { port: 0 } }),
  )
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
        gasLimit: tx.gasLimit ?? 200_000n,
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
    async deployToken(supply) {
      const { abi, bytecode } = contracts.token
      const data = encodeDeployData({ abi, bytecode, args: [supply] })
      const inclusion = await send(signers[0], { data, gasLimit: 2_000_000n })
      const address = inclusion.receipt.contractAddress
      if (!address) throw new Error('token deployment failed')
      return `0x${Buffer.from(address).toString('hex')}`
    },
    round(token, amount = 1n) {
      const { abi } = contracts.token
      return Promise.all(
        signers.flatMap((signer, i) => {
          const to = signers[(i + 1) % signers.length].address
          const data = encodeFunctionData({ abi, functionName: 'transfer', args: [to, amount] })
          return [send(signer, { to: token, data }), send(signer, { to, value: 7n, gasLimit: 21_000n })]
        }),
      )
    },
    events: () => sequencer.events.readFrom(1n, 1 << 30).map((logged) => logged.event),
  }
}

/** Resolves once `replica` has applied the sequencer's newest event (or rejects after `timeoutMs`). */
export async function caughtUp(replica: Replica, sequencer: Sequencer, timeoutMs = 4000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (replica.lastSeq() !== sequencer.events.head()) {
    if (Date.now() > deadline)
      throw new Error(`replica at seq ${replica.lastSeq()}, sequencer at ${sequencer.events.head()}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** The replica's whole state in the form `dumpSequencerState` gives. */
export function dumpReplicaState(replica: Replica): StateDump {
  const dump: StateDump = { accounts: new Map(), code: new Map() }
  for (const [address, account] of replica.state.accounts()) {
    const storage = new Map<string, bigint>()
    for (const [slot, value] of replica.state.storageOf(address) ?? [])
      storage.set(slot, bytesToBigInt(value))
    dump.accounts.set(address, { ...account, storage })
    const code = replica.state.getCode(account.codeHash)
    if (code) dump.code.set(hexFromBytes(account.codeHash), code)
  }
  return dump
}
