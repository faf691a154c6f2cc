import { bytesToHex } from 'viem'
import type { IndexedTokenTransfer } from '../follower/CommittedBatch.ts'

/** A token seen in a batch: its standard (from its first transfer), first block and transfers. */
export type TokenTally = {
  address: Uint8Array
  standard: 'erc20' | 'erc721'
  firstBlock: bigint
  transferCount: number
}

/** The net change of one holder's balance of one token over a batch. */
export type BalanceDelta = {
  token: Uint8Array
  holder: Uint8Array
  delta: bigint
  /** Mini-block of the holder's last transfer in the batch. */
  miniBlock: bigint
}

/** The owner of one ERC-721 token id after a batch; `undefined` once burned. */
export type NftOwnership = {
  token: Uint8Array
  tokenId: bigint
  owner: Uint8Array | undefined
}

/** A batch's token transfers folded into one row per token, holder and token id. */
export type TokenAggregate = {
  tokens: Map<string, TokenTally>
  balances: Map<string, BalanceDelta>
  nftOwners: Map<string, NftOwnership>
}

const ZERO_ADDRESS = new Uint8Array(20)

export function isZeroAddress(address: Uint8Array): boolean {
  return Buffer.from(address).equals(ZERO_ADDRESS)
}

/**
 * Folds `transfers` (in stream order) into per-token, per-holder and per-id
 * totals, so a batch writes one row per key however many transfers touch it.
 * The zero address holds nothing: a mint only credits, a burn only debits.
 */
export function aggregateTokenTransfers(transfers: readonly IndexedTokenTransfer[]): TokenAggregate {
  const aggregate: TokenAggregate = { tokens: new Map(), balances: new Map(), nftOwners: new Map() }
  for (const transfer of transfers) {
    const token = bytesToHex(transfer.token)
    const tally = aggregate.tokens.get(token)
    if (tally) tally.transferCount++
    else {
      aggregate.tokens.set(token, {
        address: transfer.token,
        standard: transfer.standard,
        firstBlock: transfer.log.blockNumber,
        transferCount: 1,
      })
    }
    const miniBlock = transfer.log.miniBlockNumber
    addDelta(aggregate.balances, transfer.token, transfer.from, -transfer.value, miniBlock)
    addDelta(aggregate.balances, transfer.token, transfer.to, transfer.value, miniBlock)
    if (transfer.standard === 'erc721' && transfer.tokenId !== undefined) {
      aggregate.nftOwners.set(`${token}:${transfer.tokenId}`, {
        token: transfer.token,
        tokenId: transfer.tokenId,
        owner: isZeroAddress(transfer.to) ? undefined : transfer.to,
      })
    }
  }
  return aggregate
}

function addDelta(
  balances: Map<string, BalanceDelta>,
  token: Uint8Array,
  holder: Uint8Array,
  delta: bigint,
  miniBlock: bigint,
): void {
  if (isZeroAddress(holder)) return
  const key = `${bytesToHex(token)}:${bytesToHex(holder)}`
  const entry = balances.get(key)
  if (entry) {
    entry.delta += delta
    entry.miniBlock = miniBlock
  } else balances.set(key, { token, holder, delta, miniBlock })
}
