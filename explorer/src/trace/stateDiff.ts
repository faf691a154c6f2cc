import { readTraceJson } from './readTraceJson.ts'

export type Change<T> = { before: T; after: T }

/** A storage slot the transaction changed; values are 32-byte words as geth writes them. */
export type SlotChange = { slot: string } & Change<string>

/** One account's changes, from geth's prestateTracer in diff mode. */
export type AccountDiff = {
  address: string
  /** Null when the balance did not change. */
  balance: (Change<bigint> & { delta: bigint }) | null
  /** Null when the nonce did not change. */
  nonce: Change<bigint> | null
  /** What happened to the code, null when it did not change. */
  code: 'created' | 'changed' | 'removed' | null
  /** Changed slots, in the order geth lists them (`pre` first, then slots that were zero before). */
  storage: SlotChange[]
  /** The account is gone after the transaction (self-destructed in its creating transaction). */
  removed: boolean
}

const ZERO_WORD = `0x${'0'.repeat(64)}`

const read = readTraceJson('prestateTracer')

type Account = {
  balance: bigint | null
  nonce: bigint | null
  code: string | null
  storage: Map<string, string>
}

function readAccounts(raw: unknown, side: 'pre' | 'post'): Map<string, Account> {
  const accounts = new Map<string, Account>()
  for (const [address, value] of Object.entries(read.record(raw, side))) {
    const where = `${side}[${address}]`
    const account = read.record(value, where)
    const storage = new Map<string, string>()
    for (const [slot, word] of Object.entries(read.record(account.storage ?? {}, `${where}.storage`))) {
      storage.set(slot, read.word(word, `${where}.storage[${slot}]`))
    }
    accounts.set(address.toLowerCase(), {
      balance: read.quantity(account.balance, `${where}.balance`),
      nonce: read.quantity(account.nonce, `${where}.nonce`),
      code: read.string(account.code, `${where}.code`),
      storage,
    })
  }
  return accounts
}

function codeChange(before: Account | undefined, after: Account | undefined): AccountDiff['code'] {
  if (!after) return before?.code ? 'removed' : null
  if (after.code === null) return null
  return before?.code ? 'changed' : 'created'
}

/**
 * Turns `debug_traceTransaction(hash, {tracer: 'prestateTracer', tracerConfig: {diffMode: true}})`
 * into per-account rows with before, after and the balance delta. geth's diff mode leaves out what
 * did not change, so: `post` holds only changed fields (a field absent there kept its `pre` value);
 * a slot absent from `pre` was zero; a slot in `pre` but not in `post` became zero; and an account
 * in `pre` but not in `post` no longer exists. Absent nonces and balances are zero. Accounts left
 * with no change are dropped.
 */
export function toStateDiff(raw: unknown): AccountDiff[] {
  const diff = read.record(raw, 'the result')
  const pre = readAccounts(diff.pre, 'pre')
  const post = readAccounts(diff.post, 'post')
  const addresses = [...new Set([...pre.keys(), ...post.keys()])]
  const diffs = addresses.map((address): AccountDiff => {
    const before = pre.get(address)
    const after = post.get(address)
    const removed = before !== undefined && after === undefined
    const balanceBefore = before?.balance ?? 0n
    const balanceAfter = removed ? 0n : (after?.balance ?? balanceBefore)
    const nonceBefore = before?.nonce ?? 0n
    const nonceAfter = removed ? 0n : (after?.nonce ?? nonceBefore)
    const slots = [...new Set([...(before?.storage.keys() ?? []), ...(after?.storage.keys() ?? [])])]
    return {
      address,
      balance:
        balanceAfter === balanceBefore
          ? null
          : { before: balanceBefore, after: balanceAfter, delta: balanceAfter - balanceBefore },
      nonce: nonceAfter === nonceBefore ? null : { before: nonceBefore, after: nonceAfter },
      code: codeChange(before, after),
      storage: slots
        .map((slot) => ({
          slot,
          before: before?.storage.get(slot) ?? ZERO_WORD,
          after: after?.storage.get(slot) ?? ZERO_WORD,
        }))
        .filter((change) => BigInt(change.before) !== BigInt(change.after)),
      removed,
    }
  })
  return diffs.filter((d) => d.removed || d.balance || d.nonce || d.code || d.storage.length > 0)
}
