import type { PoolTransaction } from './types.ts'

/** Fields a test sets; the rest get plausible defaults. Test-only helper, not exported from index.ts. */
export type TestTransactionFields = Partial<PoolTransaction> & { sender: string; nonce: bigint }

/** Builds a transaction whose hash is derived from sender, nonce and fees unless given. */
export function testTransaction(fields: TestTransactionFields): PoolTransaction {
  const maxFeePerGas = fields.maxFeePerGas ?? 100n
  const maxPriorityFeePerGas = fields.maxPriorityFeePerGas ?? 10n
  const gasLimit = fields.gasLimit ?? 21_000n
  return {
    hash: fields.hash ?? `${fields.sender}-${fields.nonce}-${maxFeePerGas}-${maxPriorityFeePerGas}`,
    gasLimit,
    maxFeePerGas,
    maxPriorityFeePerGas,
    cost: fields.cost ?? gasLimit * maxFeePerGas,
    size: fields.size ?? 110,
    payload: fields.payload ?? null,
    ...fields,
  }
}

/** A distinct lowercase address per index. */
export function testAddress(index: number): string {
  return `0x${index.toString(16).padStart(40, '0')}`
}
