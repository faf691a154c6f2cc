/** What the intrinsic cost of a transaction depends on. */
export type GasShape = {
  data: Uint8Array
  isCreate: boolean
  accessListAddresses: number
  accessListKeys: number
  /** EIP-7702 authorizations, each charged as if it created an account. */
  authorizations: number
}

/**
 * Prague's minimum gas limit: the intrinsic cost (EIP-2028 calldata, EIP-2930
 * access lists, EIP-3860 init code words, EIP-7702 authorizations) or the
 * EIP-7623 calldata floor, whichever is higher — what EthereumJS's
 * `getMinimumGasLimit` gives the sequencer.
 */
export function minimumGasLimit(tx: GasShape): bigint {
  let zero = 0n
  for (const byte of tx.data) if (byte === 0) zero++
  const nonZero = BigInt(tx.data.length) - zero
  let intrinsic = 21_000n + 4n * zero + 16n * nonZero
  if (tx.isCreate) intrinsic += 32_000n + 2n * ((BigInt(tx.data.length) + 31n) / 32n)
  intrinsic += 2_400n * BigInt(tx.accessListAddresses) + 1_900n * BigInt(tx.accessListKeys)
  intrinsic += PER_EMPTY_ACCOUNT_COST * BigInt(tx.authorizations)
  const floor = 21_000n + 10n * (zero + 4n * nonZero)
  return floor > intrinsic ? floor : intrinsic
}

/** EIP-7702: what each authorization costs up front (part is refunded when the authority exists). */
const PER_EMPTY_ACCOUNT_COST = 25_000n
