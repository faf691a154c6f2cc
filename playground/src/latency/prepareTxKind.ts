import type { RealtimeSocket } from '@rtevm/client'
import { encodeFunctionData } from 'viem'
import { arenaAbi, orderBookAbi, testTokenAbi as tokenAbi } from '../contracts/index.ts'
import { createOrderActions } from '../orderbook/createOrderActions.ts'
import { callContract } from '../rpc/callContract.ts'
import type { AddressBook } from '../shell/PlaygroundProvider.tsx'
import { devAccount } from '../wallet/createDevWallet.ts'
import type { Signer, TxRequest } from '../wallet/Signer.ts'

export type TxKind = 'eth' | 'erc20' | 'order' | 'move'

export const TX_KINDS: readonly { kind: TxKind; label: string }[] = [
  { kind: 'eth', label: 'ETH transfer' },
  { kind: 'erc20', label: 'ERC-20 transfer' },
  { kind: 'order', label: 'Order placement' },
  { kind: 'move', label: 'Game move' },
]

/**
 * Readies the account for a run of `kind` (approvals, joining the arena) and returns the
 * i-th transaction. Gas is fixed per kind, so each send is a single round trip.
 */
export async function prepareTxKind(
  kind: TxKind,
  {
    socket,
    signer,
    contracts,
    accountIndex,
  }: { socket: RealtimeSocket; signer: Signer; contracts: AddressBook; accountIndex: number },
): Promise<(i: number) => TxRequest> {
  const peer = devAccount((accountIndex + 1) % 18).address
  if (kind === 'eth') return () => ({ to: peer, value: 1n, gas: 21_000n })
  if (kind === 'erc20') {
    const data = encodeFunctionData({ abi: tokenAbi, functionName: 'transfer', args: [peer, 1n] })
    return () => ({ to: contracts.baseToken, data, gas: 80_000n })
  }
  if (kind === 'order') {
    await createOrderActions({ socket, signer, contracts }).ensureApproved()
    // One lot bid at the lowest tick: it rests without crossing anyone, so every placement costs the same.
    const data = encodeFunctionData({ abi: orderBookAbi, functionName: 'placeLimit', args: [true, 1, 1n] })
    return () => ({ to: contracts.orderBook, data, gas: 400_000n })
  }
  const [joined] = await callContract(socket, {
    address: contracts.arena,
    abi: arenaAbi,
    functionName: 'playerOf',
    args: [signer.address],
  })
  if (!joined)
    await signer.send({
      to: contracts.arena,
      data: encodeFunctionData({ abi: arenaAbi, functionName: 'join' }),
      gas: 400_000n,
    })
  // Right, left, right…: stays on the board (a move off the edge would still be timed, as a revert).
  const right = encodeFunctionData({ abi: arenaAbi, functionName: 'move', args: [3] })
  const left = encodeFunctionData({ abi: arenaAbi, functionName: 'move', args: [2] })
  return (i) => ({ to: contracts.arena, data: i % 2 === 0 ? right : left, gas: 400_000n })
}
