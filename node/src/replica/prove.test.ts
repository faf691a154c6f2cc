import { keccak_256 } from '@noble/hashes/sha3.js'
import { compileTestContracts } from '@rtevm/testkit'
import { hexToBytes, keccak256, pad } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { createReplica } from './createReplica.ts'
import { startTestChain, type TestChain } from './replicaTestSupport.ts'

let chain: TestChain | undefined
afterEach(async () => {
  await chain?.sequencer.close()
  chain = undefined
})

describe('replica proofs', () => {
  it('proves accounts and token slots against the newest verified block root', async () => {
    compileTestContracts()
    chain = await startTestChain(2)
    const replica = await createReplica(chain.sequencer.genesis)
    const token = await chain.deployToken(1_000n)
    await chain.round(token, 5n)
    await chain.sequencer.sealBlock()
    for (const { event } of chain.sequencer.events.readFrom(1n, 1 << 20)) replica.apply(event)

    const holder = chain.signers[0].address // holds the supply
    // TestToken keeps balances in a mapping at slot 1: slot = keccak(pad(holder) ++ pad(1)).
    const slot = hexToBytes(keccak256(`${pad(holder)}${pad('0x1').slice(2)}`))
    const { blockNumber, proof } = replica.prove(hexToBytes(token), [slot])

    const block = chain.sequencer.latestBlock()
    expect(blockNumber).toBe(block.header.number)
    expect(keccak_256(proof.accountProof[0])).toEqual(block.header.stateRoot)
    expect(keccak_256(proof.storageProofs[0].proof[0])).toEqual(proof.storageRoot)
    expect(proof.storageProofs[0].value).toBe(replica.getStorage(hexToBytes(token), slot))
    expect(proof.storageProofs[0].value).toBeGreaterThan(0n)

    const absent = replica.prove(new Uint8Array(20).fill(0xee), [])
    expect(absent.proof.balance).toBe(0n)
    expect(keccak_256(absent.proof.accountProof[0])).toEqual(block.header.stateRoot)
  })
})
