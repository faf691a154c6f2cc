// Test and bench support: sample RAM states and their state root from scratch.
import { keccak_256 } from '@noble/hashes/sha3.js'
import { createStateCommitment, EMPTY_CODE_HASH } from '../commitment/index.ts'
import { bigIntToBytes, bytesFromHex, bytesToBigInt, createRamState, type RamState } from '../state/index.ts'

/** Ethereum's state root of a RamState, from scratch. */
export function stateRootOf(state: RamState): Uint8Array {
  const commitment = createStateCommitment()
  for (const [address, account] of state.accounts()) {
    const key = bytesFromHex(address)
    commitment.applyAccount(key, account)
    for (const [slot, value] of state.storageOf(address)!) {
      commitment.applyStorage(key, bytesFromHex(slot), bytesToBigInt(value))
    }
  }
  return commitment.root()
}

/** A state of `accounts` accounts, every 7th a contract with code and `slotsPerContract` slots. */
export function sampleState(accounts: number, slotsPerContract: number, salt = 0): RamState {
  const state = createRamState()
  for (let i = 0; i < accounts; i++) {
    const address = (i + salt * 1_000_000).toString(16).padStart(40, '0')
    const isContract = i % 7 === 0
    const code = isContract ? new Uint8Array([0x60, i & 0xff, 0x00]) : undefined
    const codeHash = code ? keccak_256(code) : EMPTY_CODE_HASH
    if (code) state.putCode(codeHash, code)
    state.putAccount(address, { nonce: BigInt(i), balance: BigInt(i) * 10n ** 18n + 1n, codeHash })
    if (!isContract) continue
    for (let s = 0; s < slotsPerContract; s++) {
      state.putStorage(address, s.toString(16).padStart(64, '0'), bigIntToBytes(BigInt(i * 1000 + s + 1)))
    }
  }
  state.takeDiff()
  return state
}
