import type { RealtimeSocket } from '@rtevm/client'
import { decodeErrorResult, encodeFunctionData, type Hex, maxUint256 } from 'viem'
import { orderBookAbi, testTokenAbi as tokenAbi } from '../contracts/index.ts'
import { messageOf, PlaygroundError } from '../errors.ts'
import { callContract } from '../rpc/callContract.ts'
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
/** Enough for an order filling MAX_FILLS (32) resting orders, about 0.9 M gas (README). */
const ORDER_GAS = 1_500_000n
const CANCEL_GAS = 200_000n
const errorsAbi = [...orderBookAbi, ...tokenAbi].filter((item) => item.type === 'error')

/** `Name(args)` of a custom error in a failed call's revert data, or its message. */
function revertReason(error: unknown): string | undefined {
  const data = (error as { data?: unknown }).data
  if (typeof data === 'string' && data.startsWith('0x') && data.length >= 10) {
    try {
      const decoded = decodeErrorResult({ abi: errorsAbi, data: data as Hex })
      return `${decoded.errorName}(${(decoded.args ?? []).map(String).join(', ')})`
    } catch {
      // Not one of the book's or the tokens' errors: fall back to the message.
    }
  }
  return messageOf(error)
}

/** Order-book writes for one signer; a reverted receipt becomes a PLAYGROUND_TX_REVERTED error. */
export function createOrderActions({
  socket,
  signer,
  contracts,
}: {
  socket: RealtimeSocket
  signer: Signer
  contracts: AddressBook
}): OrderActions {
  let approved: Promise<void> | undefined

  /**
   * Sends with a fixed gas limit (one round trip, no estimate first). When the receipt says
   * reverted, the same call is replayed as an `eth_call` to name the custom error (the book
   * may have moved since, so the reason is a best effort).
   */
  async function sendChecked(what: string, tx: TxRequest, hooks?: SendHooks): Promise<SentTx> {
    const sent = await signer.send(tx, hooks)
    if (sent.receipt.status === '0x1') return sent
    const reason = await socket
      .request('eth_call', [{ from: signer.address, to: tx.to, data: tx.data }, 'latest'])
      .then(
        () => undefined,
        (error: unknown) => revertReason(error),
      )
    throw new PlaygroundError('PLAYGROUND_TX_REVERTED', `${what} reverted${reason ? `: ${reason}` : ''}`, {
      data: sent.hash,
    })
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
          gas: gas ?? ORDER_GAS,
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
          gas: gas ?? ORDER_GAS,
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
          gas: gas ?? CANCEL_GAS,
        },
        hooks,
      )
    },
  }
}
