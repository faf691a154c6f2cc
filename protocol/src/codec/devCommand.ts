import type { DevCommand, LoadedAccount, ReorgTransaction } from '../types/index.ts'
import type { ByteReader } from './ByteReader.ts'
import type { ByteWriter } from './ByteWriter.ts'

/** Op codes of `DevCommand` on the wire; stable, never reused. */
const OPS = [
  'setBalance',
  'setNonce',
  'setCode',
  'setStorageAt',
  'impersonate',
  'stopImpersonating',
  'mine',
  'increaseTime',
  'setNextBlockTimestamp',
  'autoImpersonate',
  'snapshot',
  'revert',
  'loadAccounts',
  'rollback',
  'reorg',
  'setCoinbase',
  'setBaseFee',
] as const satisfies readonly DevCommand['op'][]

/** Writes `op u8` (1-based index in OPS) and the op's fields. */
export function writeDevCommand(w: ByteWriter, command: DevCommand): void {
  const op = OPS.indexOf(command.op)
  if (op < 0) w.fail('command.op', `unknown dev command ${command.op}`)
  w.u8(op + 1, 'command.op')
  switch (command.op) {
    case 'setBalance':
    case 'setNonce':
      w.fixed(command.address, 20, 'command.address')
      w.uint256(command.value, 'command.value')
      return
    case 'setCode':
      w.fixed(command.address, 20, 'command.address')
      w.bytes(command.code)
      return
    case 'setStorageAt':
      w.fixed(command.address, 20, 'command.address')
      w.fixed(command.slot, 32, 'command.slot')
      w.uint256(command.value, 'command.value')
      return
    case 'impersonate':
    case 'stopImpersonating':
      w.fixed(command.address, 20, 'command.address')
      return
    case 'mine':
      w.u64(command.blocks, 'command.blocks')
      w.u64(command.intervalSeconds, 'command.intervalSeconds')
      return
    case 'increaseTime':
      w.u64(command.seconds, 'command.seconds')
      return
    case 'setNextBlockTimestamp':
      w.u64(command.timestamp, 'command.timestamp')
      return
    case 'autoImpersonate':
      w.u8(command.enabled ? 1 : 0, 'command.enabled')
      return
    case 'snapshot':
      return
    case 'revert':
      w.u64(command.id, 'command.id')
      return
    case 'rollback':
      w.u64(command.depth, 'command.depth')
      return
    case 'reorg':
      w.u64(command.depth, 'command.depth')
      w.varint(command.blocks.length, 'command.blocks')
      for (const block of command.blocks) {
        w.varint(block.length, 'command.transactions')
        for (const tx of block) {
          w.u8(tx.from ? 1 : 0, 'transaction.flags')
          if (tx.from) w.fixed(tx.from, 20, 'transaction.from')
          w.bytes(tx.raw)
        }
      }
      return
    case 'setCoinbase':
      w.fixed(command.address, 20, 'command.address')
      return
    case 'setBaseFee':
      w.uint256(command.value, 'command.value')
      return
    case 'loadAccounts':
      w.varint(command.accounts.length, 'command.accounts')
      for (const account of command.accounts) {
        w.fixed(account.address, 20, 'account.address')
        w.u64(account.nonce, 'account.nonce')
        w.uint256(account.balance, 'account.balance')
        w.u8(account.code ? 1 : 0, 'account.flags')
        if (account.code) w.bytes(account.code)
        w.varint(account.storage.length, 'account.storage')
        for (const { slot, value } of account.storage) {
          w.fixed(slot, 32, 'account.slot')
          w.uint256(value, 'account.value')
        }
      }
      return
  }
}

export function readDevCommand(r: ByteReader): DevCommand {
  const code = r.u8('command.op')
  const op = OPS[code - 1]
  switch (op) {
    case 'setBalance':
    case 'setNonce':
      return { op, address: r.fixed(20, 'command.address'), value: r.uint256('command.value') }
    case 'setCode':
      return { op, address: r.fixed(20, 'command.address'), code: r.bytes('command.code') }
    case 'setStorageAt':
      return {
        op,
        address: r.fixed(20, 'command.address'),
        slot: r.fixed(32, 'command.slot'),
        value: r.uint256('command.value'),
      }
    case 'impersonate':
    case 'stopImpersonating':
      return { op, address: r.fixed(20, 'command.address') }
    case 'mine':
      return { op, blocks: r.u64('command.blocks'), intervalSeconds: r.u64('command.intervalSeconds') }
    case 'increaseTime':
      return { op, seconds: r.u64('command.seconds') }
    case 'setNextBlockTimestamp':
      return { op, timestamp: r.u64('command.timestamp') }
    case 'autoImpersonate':
      return { op, enabled: r.flags(1, 'command.enabled') === 1 }
    case 'snapshot':
      return { op }
    case 'revert':
      return { op, id: r.u64('command.id') }
    case 'loadAccounts':
      return { op, accounts: readLoadedAccounts(r) }
    case 'rollback':
      return { op, depth: r.u64('command.depth') }
    case 'reorg':
      return { op, depth: r.u64('command.depth'), blocks: readReorgBlocks(r) }
    case 'setCoinbase':
      return { op, address: r.fixed(20, 'command.address') }
    case 'setBaseFee':
      return { op, value: r.uint256('command.value') }
    default:
      r.fail('command.op', `unknown dev command ${code}`)
  }
}

function readLoadedAccounts(r: ByteReader): LoadedAccount[] {
  // An account is at least its address, nonce, balance, flags and slot count.
  const count = r.count(20 + 8 + 1 + 1 + 1, 'command.accounts')
  const accounts: LoadedAccount[] = []
  for (let i = 0; i < count; i++) {
    const address = r.fixed(20, 'account.address')
    const nonce = r.u64('account.nonce')
    const balance = r.uint256('account.balance')
    const code = r.flags(1, 'account.flags') === 1 ? r.bytes('account.code') : undefined
    const slots = r.count(33, 'account.storage')
    const storage: LoadedAccount['storage'] = []
    for (let j = 0; j < slots; j++)
      storage.push({ slot: r.fixed(32, 'account.slot'), value: r.uint256('account.value') })
    accounts.push(code ? { address, nonce, balance, code, storage } : { address, nonce, balance, storage })
  }
  return accounts
}

function readReorgBlocks(r: ByteReader): ReorgTransaction[][] {
  // A block is at least its transaction count; a transaction its flags and raw length.
  const count = r.count(1, 'command.blocks')
  const blocks: ReorgTransaction[][] = []
  for (let i = 0; i < count; i++) {
    const transactions = r.count(2, 'command.transactions')
    const block: ReorgTransaction[] = []
    for (let j = 0; j < transactions; j++) {
      const from = r.flags(1, 'transaction.flags') === 1 ? r.fixed(20, 'transaction.from') : undefined
      const raw = r.bytes('transaction.raw')
      block.push(from ? { raw, from } : { raw })
    }
    blocks.push(block)
  }
  return blocks
}
