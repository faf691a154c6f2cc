import { createSenders } from '@rtevm/testkit'
import { bytesToHex, encodeFunctionData, type Hex, keccak256, maxUint256, toBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { defineConfig } from '../config/index.ts'
import { createSequencer } from '../sequencer/index.ts'
import { openOrderBookRounds, RESTING_ORDERS } from './orderBookRounds.ts'
import { playgroundArtifact } from './playgroundMarket.ts'

const token = playgroundArtifact('TestToken')
const orderBook = playgroundArtifact('OrderBook')
const FILL = keccak256(toBytes('Fill(uint64,address,address,uint64,bool,uint16,uint64,uint256,uint64)'))

describe('the order-book benchmark market', () => {
  it('fills exactly the resting orders with one crossing limit order, round after round', async () => {
    const senders = createSenders(3)
    const [deployer, maker, taker] = senders.signers
    const sequencer = await createSequencer(defineConfig({ alloc: senders.alloc }))
    try {
      const rounds = await openOrderBookRounds(sequencer, { deployer, maker, taker })
      for (let round = 0; round < 3; round++) {
        const { receipt, stamps } = await rounds.run()
        expect(receipt.status).toBe(1)
        const fills = receipt.logs.filter((log) => bytesToHex(log.topics[0]) === FILL)
        expect(fills).toHaveLength(RESTING_ORDERS)
        expect(stamps.executed).toBeGreaterThanOrEqual(stamps.executing)
        expect(stamps.sealed).toBeGreaterThanOrEqual(stamps.received)
      }
    } finally {
      await sequencer.close()
    }
  })

  it('fails loudly when the crossing order fills anything else', async () => {
    const senders = createSenders(4)
    const [deployer, maker, taker, stranger] = senders.signers
    const sequencer = await createSequencer(defineConfig({ alloc: senders.alloc }))
    try {
      const rounds = await openOrderBookRounds(sequencer, { deployer, maker, taker })
      const { base, book } = rounds.market
      // A cheaper ask from someone else: the crossing buy takes it first, so it fills 9 orders.
      const calls: [Hex, Hex][] = [
        [
          base,
          encodeFunctionData({ abi: token.abi, functionName: 'mint', args: [stranger.address, 10n ** 20n] }),
        ],
        [base, encodeFunctionData({ abi: token.abi, functionName: 'approve', args: [book, maxUint256] })],
        [book, encodeFunctionData({ abi: orderBook.abi, functionName: 'placeLimit', args: [false, 99, 1n] })],
      ]
      for (const [nonce, [to, data]] of calls.entries()) {
        const raw = stranger.sign({
          nonce: BigInt(nonce),
          to,
          data,
          gasLimit: 500_000n,
          maxFeePerGas: 2_000_000_000n,
          maxPriorityFeePerGas: 1n,
        })
        expect((await sequencer.submit(raw)).receipt.status).toBe(1)
      }
      await expect(rounds.run()).rejects.toThrow(/filled 9 resting orders/)
    } finally {
      await sequencer.close()
    }
  })
})
