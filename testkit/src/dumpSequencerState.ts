import type { Sequencer } from '@rtevm/node'
import { bytesToBigInt, hexFromBytes, type RamState } from '@rtevm/node'
import type { StateDump } from './createStateReplica.ts'

type FullStateReader = Pick<RamState, 'accounts' | 'storageOf' | 'getCode'>

function hasFullStateAccess(state: Sequencer['state']): state is Sequencer['state'] & FullStateReader {
  const candidate = state as Partial<FullStateReader>
  return typeof candidate.accounts === 'function' && typeof candidate.storageOf === 'function'
}

/**
 * Copies the sequencer's whole RAM state. `Sequencer.state` is typed as a
 * read-only subset, but is the RamState itself; this test-only route checks
 * that at run time rather than casting blindly.
 */
export function dumpSequencerState(sequencer: Sequencer): StateDump {
  const state = sequencer.state
  if (!hasFullStateAccess(state)) {
    throw new TypeError('sequencer.state does not expose accounts() and storageOf(); cannot dump it')
  }
  const dump: StateDump = { accounts: new Map(), code: new Map() }
  for (const [address, account] of state.accounts()) {
    const storage = new Map<string, bigint>()
    for (const [slot, value] of state.storageOf(address) ?? []) storage.set(slot, bytesToBigInt(value))
    dump.accounts.set(address, {
      nonce: account.nonce,
      balance: account.balance,
      codeHash: account.codeHash,
      storage,
    })
    const code = state.getCode(account.codeHash)
    if (code) dump.code.set(hexFromBytes(account.codeHash), code)
  }
  return dump
}
