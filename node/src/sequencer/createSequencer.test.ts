import { createTxSigner } from '@rtevm/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { defineConfig } from '../config/index.ts'
import { bytesFromHex } from '../state/index.ts'
import { createSequencer, type Sequencer } from './createSequencer.ts'

let sequencer: Sequencer | undefined
afterEach(async () => {
  await sequencer?.close()
  sequencer = undefined
})

describe('sequencer', () => {
  it('executes an ETH transfer and seals it in a mini-block', async () => {
    sequencer = await createSequencer(defineConfig())
    const [alice, bob] = sequencer.devAccounts
    const signer = createTxSigner(alice.privateKey, alice.address)
    const raw = signer.sign({
      nonce: 0n,
      to: bob.address,
      value: 1234n,
      gasLimit: 21000n,
      maxFeePerGas: 2_000_000_000n,
      maxPriorityFeePerGas: 1n,
    })
    const inclusion = await sequencer.submit(raw)
    expect(inclusion.receipt.status).toBe(1)
    expect(inclusion.receipt.gasUsed).toBe(21000n)
    const bobAccount = sequencer.state.getAccount(bob.address.slice(2).toLowerCase())
    expect(bobAccount?.balance).toBe(10_000n * 10n ** 18n + 1234n)
    const events = sequencer.events.readFrom(1n, 10)
    expect(events.map((e) => e.event.kind)).toEqual(['block', 'miniBlock'])
    const block = await sequencer.sealBlock()
    expect(block.header.number).toBe(1n)
    expect(block.miniBlockCount).toBe(1)
    expect(block.transactionHashes).toEqual([inclusion.hash])
    expect(bytesFromHex(alice.address).length).toBe(20)
  })
})
