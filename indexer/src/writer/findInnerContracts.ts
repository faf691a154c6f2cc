import type { MiniBlock } from '@rtevm/protocol'
import { bytesToHex, getContractAddress, keccak256 } from 'viem'
import type { SqlExecutor } from '../database/SqlDatabase.ts'

const EMPTY_CODE_HASH = keccak256(new Uint8Array())
// EIP-7702: an EOA's delegation designator is stored as code 0xef0100 ++ address; it creates nothing.
const DELEGATION_PREFIX = '0xef0100'
// How many nonces of one candidate creator are tried against the CREATE rule.
const MAX_NONCES_TRIED = 1024

/** A contract deployed by CREATE/CREATE2 inside a transaction, as a `contracts` row. */
export type InnerContract = { address: Uint8Array; creator: Uint8Array; transaction: Uint8Array }

/**
 * Finds contracts deployed by inner CREATE/CREATE2 in `miniBlocks` (in stream
 * order): accounts whose state diff carries new code that no top-level
 * creation of the mini-block explains. The diff says neither which
 * transaction nor which contract deployed them, so only what is certain is
 * kept:
 * - the transaction is known only when the mini-block holds one transaction;
 *   in a mini-block of several, inner creations are left out;
 * - the creator is the contract that executed CREATE/CREATE2 — not the
 *   transaction's `to`, which may have reached the factory through other
 *   calls. Both opcodes raise the creator's nonce, so the candidates are the
 *   accounts with code whose nonce rose in the mini-block; CREATE addresses
 *   are checked against keccak(rlp(creator, nonce)) over each candidate's
 *   raised nonces; a creation no candidate derives (CREATE2: salt and init
 *   code are unknown) goes to the only candidate when there is exactly one,
 *   and is left out otherwise.
 * Nonces before the batch come from `accounts`, so this must run before the
 * batch's account rows are written.
 */
export async function findInnerContracts(
  tx: SqlExecutor,
  miniBlocks: readonly MiniBlock[],
): Promise<InnerContract[]> {
  const found: InnerContract[] = []
  // Nonce of each account after the mini-blocks already walked in this batch.
  const nonces = new Map<string, bigint>()
  for (const mb of miniBlocks) {
    const topLevel = new Set(
      mb.receipts.flatMap((r) => (r.contractAddress ? [bytesToHex(r.contractAddress)] : [])),
    )
    const created = mb.stateDiff.accounts.filter(
      (a) =>
        !a.deleted &&
        a.code !== undefined &&
        a.code.length > 0 &&
        !bytesToHex(a.code).startsWith(DELEGATION_PREFIX) &&
        !topLevel.has(bytesToHex(a.address)),
    )
    if (created.length > 0 && mb.transactions.length === 1) {
      const candidates: { address: Uint8Array; from: bigint; to: bigint }[] = []
      for (const account of mb.stateDiff.accounts) {
        if (account.deleted || bytesToHex(account.codeHash) === EMPTY_CODE_HASH) continue
        const before = await nonceBefore(tx, nonces, account.address)
        // A contract starts at nonce 1; its creations used nonces before..after-1.
        const from = before > 1n ? before : 1n
        if (account.nonce > from) candidates.push({ address: account.address, from, to: account.nonce })
      }
      for (const account of created) {
        const creator = deriveCreator(account.address, candidates)
        if (creator) found.push({ address: account.address, creator, transaction: mb.transactions[0].hash })
      }
    }
    for (const account of mb.stateDiff.accounts) nonces.set(bytesToHex(account.address), account.nonce)
  }
  return found
}

function deriveCreator(
  address: Uint8Array,
  candidates: { address: Uint8Array; from: bigint; to: bigint }[],
): Uint8Array | undefined {
  const target = bytesToHex(address)
  for (const candidate of candidates) {
    let tried = 0
    for (let nonce = candidate.from; nonce < candidate.to && tried < MAX_NONCES_TRIED; nonce++, tried++) {
      const derived = getContractAddress({ from: bytesToHex(candidate.address), nonce, opcode: 'CREATE' })
      if (derived.toLowerCase() === target) return candidate.address
    }
  }
  return candidates.length === 1 ? candidates[0].address : undefined
}

async function nonceBefore(
  tx: SqlExecutor,
  nonces: Map<string, bigint>,
  address: Uint8Array,
): Promise<bigint> {
  const known = nonces.get(bytesToHex(address))
  if (known !== undefined) return known
  const { rows } = await tx.query<{ nonce: string }>(
    'select nonce::text as nonce from accounts where address = $1',
    [address],
  )
  return rows.length > 0 ? BigInt(rows[0].nonce) : 0n
}
