import { encodeFunctionData, maxUint256 } from 'viem'
import { orderBookAbi, testTokenAbi as tokenAbi } from '../contracts/index.ts'
import { PlaygroundError } from '../errors.ts'
import { callContract } from '../rpc/callContract.ts'
import type { EdgeSocket } from '../rpc/createEdgeSocket.ts'
import type { AddressBook } from '../shell/PlaygroundProvider.tsx'
import type { SendHooks, SentTx, Signer, TxRequest } from '../wallet/Signer.ts'

export type OrderActions = {
  /** Gives the book an unlimited allowance on both tokens, once per account. */
  ensureApproved(): Promise<void>
  placeLimit(isBuy: boolean, tick: number, size: bigint, gas?: bigint, hooks?: SendHooks): Promise<SentTx>
  placeMarket(isBuy: boolean, size: bigint, gas?: bigint, hooks?: SendHooks): Promise<SentTx>
  cancel(orderId: bigint, gas?: bigint, hooks?: SendHooks): Promise<SentTx>
}

const MAX_TICK = 65_535

/** Order-book writes for one signer; a reverted receipt becomes a PLAYGROUND_TX_REVERTED error. */
export function createOrderActions({
  socket,
  signer,
  contracts,
}: {
  socket: EdgeSocket
  signer: Signer
  contracts: AddressBook
}): OrderActions {
  let approved: Promise<void> | undefined

  async function sendChecked(what: string, tx: TxRequest, hooks?: SendHooks): Promise<SentTx> {
    const sent = await signer.send(tx, hooks)
    if (sent.receipt.status !== '0x1')
      throw new PlaygroundError('PLAYGROUND_TX_REVERTED', `${what} reverted`, { data: sent.hash })
    return sent
  }

  async function approveBoth(): Promise<void> {
    const tokens = [contracts.baseToken, contracts.quoteToken]
    await Promise.all(
      tokens.map(async (token) => {
        const allowance = await callContract(socket, {
          address: token,
          abi: tokenAbi,
          functionName: 'allowance',
          args: [signer.address, contracts.orderBook],
        })
        if (allowance > maxUint256 / 2n) return
        await sendChecked('approve', {
          to: token,
          data: encodeFunctionData({
            abi: tokenAbi,
            functionName: 'approve',
            args: [contracts.orderBook, maxUint256],
          }),
        })
      }),
    )
  }

  function checkSize(size: bigint): void {
    if (size <= 0n || size >= 2n ** 64n)
      throw new PlaygroundError(
        'PLAYGROUND_BAD_INPUT',
        `size ${size} is not a whole number of lots in 1..2^64-1`,
      )
  }

  return {
    ensureApproved() {
      approved ??= approveBoth().catch((error) => {
        approved = undefined
        throw error
      })
      return approved
    },
    async placeLimit(isBuy, tick, size, gas, hooks) {
      if (!Number.isInteger(tick) || tick < 1 || tick > MAX_TICK)
        throw new PlaygroundError('PLAYGROUND_BAD_INPUT', `tick ${tick} is outside 1..${MAX_TICK}`)
      checkSize(size)
      await this.ensureApproved()
      return sendChecked(
        'placeLimit',
        {
          to: contracts.orderBook,
          data: encodeFunctionData({
            abi: orderBookAbi,
            functionName: 'placeLimit',
            args: [isBuy, tick, size],
          }),
          gas,
        },
        hooks,
      )
    },
    async placeMarket(isBuy, size, gas, hooks) {
      checkSize(size)
      await this.ensureApproved()
      // No slippage bound in the playground: buy up to the top tick, sell down to the bottom one.
      const worstTick = isBuy ? MAX_TICK : 1
      return sendChecked(
        'placeMarket',
        {
          to: contracts.orderBook,
          data: encodeFunctionData({
            abi: orderBookAbi,
            functionName: 'placeMarket',
            args: [isBuy, size, worstTick],
          }),
          gas,
        },
        hooks,
      )
    },
    cancel(orderId, gas, hooks) {
      return sendChecked(
        'cancel',
        {
          to: contracts.orderBook,
          data: encodeFunctionData({ abi: orderBookAbi, functionName: 'cancel', args: [orderId] }),
          gas,
        },
        hooks,
      )
    },
  }
}
