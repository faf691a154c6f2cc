import { decodeWitness } from '@rtevm/protocol'
import { hexToBytes } from 'viem'
import { afterEach, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../replica/replicaTestSupport.ts'
import { type BlockToVerify, createStatelessVerifier } from './createStatelessVerifier.ts'
import { createBlockGatherer } from './gatherBlock.ts'

let chain: TestChain | undefined

afterEach(async () => {
  await chain?.sequencer.close()
  chain = undefined
})

it('verifies a block with dev edits between its transactions by applying them in place', async () => {
  chain = await startTestChain(2, { blockIntervalMs: 2 ** 31 - 1 })
  const { sequencer, signers } = chain
  const [alice, bob] = signers
  await chain.send(alice, { to: bob.address, value: 5n, gasLimit: 21_000n })
  // Bob can only afford the next transfer after the edit: re-executed without it, the block differs.
  const rich = 10n ** 30n
  await sequencer.dev({ op: 'setBalance', address: hexToBytes(bob.address), value: rich })
  await chain.send(bob, { to: alice.address, value: rich / 2n, gasLimit: 21_000n })
  await sequencer.dev({ op: 'setBalance', address: hexToBytes(alice.address), value: 1n })
  await sequencer.sealBlock()

  const gatherer = createBlockGatherer()
  let found: BlockToVerify | undefined
  // Set by the genesis block's event, which comes first.
  let parentRoot: Uint8Array = new Uint8Array(32)
  for (const event of chain.events()) {
    if (event.kind === 'miniBlock') gatherer.addMiniBlock(event.miniBlock)
    if (event.kind !== 'block') continue
    const { header } = event.block
    const contents = gatherer.take()
    if (contents.edits.length > 0) {
      const witness = decodeWitness(await sequencer.witness(header.number))
      found = { header, parentStateRoot: parentRoot, receiptsRoot: header.receiptsRoot, witness, ...contents }
    }
    parentRoot = header.stateRoot
  }
  expect(found?.edits?.map((edit) => edit.beforeTx)).toEqual([1, 2])

  const verifier = createStatelessVerifier({ chainId: sequencer.config.chainId })
  const verified = await verifier.verify(found!)
  expect(verified.reason).toBeUndefined()
  expect(verified.stateRoot).toStrictEqual(found!.header.stateRoot)
  const withoutEdits = await verifier.verify({ ...found!, edits: [] })
  expect(withoutEdits.ok).toBe(false)
})
