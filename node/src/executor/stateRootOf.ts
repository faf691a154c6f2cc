import { createStateCommitment } from '../commitment/index.ts'
import { bytesFromHex, bytesToBigInt, type RamState } from '../state/index.ts'

/**
 * The state root of `state` as it is now, open checkpoints included, built
 * from scratch (a simulated block's state is nowhere committed). Costs a
 * pass over the whole state: fine on a devnet, linear in accounts and slots.
 */
export function stateRootOf(state: RamState): Uint8Array {
  const commitment = createStateCommitment()
  for (const [address, { nonce, balance, codeHash }] of state.accounts()) {
    const bytes = bytesFromHex(address)
    for (const [slot, value] of state.storageOf(address)) {
      commitment.applyStorage(bytes, bytesFromHex(slot), bytesToBigInt(value))
    }
    commitment.applyAccount(bytes, { nonce, balance, codeHash })
  }
  return commitment.root()
}
