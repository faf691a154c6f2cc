import type { DevCommand } from '../types/index.ts'
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
    default:
      r.fail('command.op', `unknown dev command ${code}`)
  }
}
