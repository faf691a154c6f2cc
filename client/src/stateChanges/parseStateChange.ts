import type { Address, Hex } from 'viem'
import { BadPayloadError } from '../errors.ts'

/** One watched account's change in one mini-block (MegaETH's `stateChanges` notification), typed. */
export type StateChange = {
  address: Address
  nonce: bigint
  balance: bigint
  /** Changed slots (32-byte hex) and their new values. */
  storage: Map<Hex, bigint>
}

type RpcStateChange = { address: Address; nonce: number | Hex; balance: Hex; storage: Record<Hex, Hex> }

/**
 * A `stateChanges` notification's result: `{ address, nonce, balance, storage }` with `nonce` a
 * JSON number (MegaETH documents it so; a hex quantity is taken too), the rest hex quantities.
 */
export function parseStateChange(result: unknown): StateChange {
  const change = result as RpcStateChange
  if (typeof change?.address !== 'string' || typeof change.balance !== 'string') {
    throw new BadPayloadError('stateChanges notification', result)
  }
  const storage = new Map<Hex, bigint>()
  for (const [slot, value] of Object.entries(change.storage ?? {})) storage.set(slot as Hex, BigInt(value))
  return {
    address: change.address,
    nonce: BigInt(change.nonce),
    balance: BigInt(change.balance),
    storage,
  }
}
