import type { DevCommand } from '@rtevm/protocol'
import type { Mempool } from '../mempool/index.ts'
import { hexFromBytes, type RamState } from '../state/index.ts'
import { applyLoadedAccount, applyStateEdit, isStateEdit } from './applyStateEdit.ts'
import type { ChainClock } from './chainClock.ts'
import type { BlockProducer } from './createBlockProducer.ts'
import type { ChainSnapshots } from './createChainSnapshots.ts'
import type { ExecutionPump } from './createExecutionPump.ts'
import { InvalidDevCommandError } from './errors.ts'

/** Devnet commands (anvil_*, hardhat_*, evm_*), run at a transaction boundary, and who is impersonated. */
export type DevCommands = {
  /** Applies `command`; call only at a transaction boundary (`ExecutionPump.atBoundary`). */
  run(command: DevCommand): bigint
  isImpersonated(address: Uint8Array): boolean
}

export function createDevCommands(deps: {
  state: RamState
  mempool: Mempool
  clock: ChainClock
  chain: BlockProducer
  pump: ExecutionPump
  snapshots: ChainSnapshots
}): DevCommands {
  const { state, mempool, clock, chain, pump, snapshots } = deps
  const impersonated = new Set<string>()
  // anvil_autoImpersonateAccount: every sender counts as impersonated while on.
  let impersonateAll = false

  /** Publishes edits just applied as one mini-block without transactions; the mempool learns the new nonces. */
  function publishEdits(addresses: Uint8Array[]) {
    pump.sealMiniBlock()
    const diff = chain.takeDiff()
    // An edit that changed nothing publishes nothing: mini-blocks are never empty.
    if (diff.accounts.length > 0) chain.emitMiniBlock([], [], [], 0n, diff)
    for (const bytes of addresses) {
      const address = hexFromBytes(bytes)
      mempool.onNonceAdvanced(`0x${address}`, state.getAccount(address)?.nonce ?? 0n)
    }
    void pump.pump()
  }

  function run(command: DevCommand): bigint {
    if (isStateEdit(command)) {
      applyStateEdit(state, command)
      publishEdits([command.address])
      return 0n
    }
    switch (command.op) {
      case 'loadAccounts':
        for (const account of command.accounts) applyLoadedAccount(state, account)
        publishEdits(command.accounts.map((account) => account.address))
        return BigInt(command.accounts.length)
      case 'impersonate':
        impersonated.add(hexFromBytes(command.address))
        return 0n
      case 'stopImpersonating':
        impersonated.delete(hexFromBytes(command.address))
        return 0n
      case 'autoImpersonate':
        impersonateAll = command.enabled
        return 0n
      case 'mine':
        return mine(command.blocks, command.intervalSeconds)
      case 'snapshot':
        return snapshots.take()
      case 'revert':
        return snapshots.revert(command.id) ? 1n : 0n
      case 'rollback':
        return snapshots.rollback(command.depth)
      case 'reorg':
        // It executes transactions between its rewind and its seals: the sequencer runs it.
        throw new InvalidDevCommandError('reorg is not a boundary command')
      case 'setCoinbase':
        chain.setParameters({ coinbase: command.address })
        retimeOpenBlock()
        return 0n
      case 'setBaseFee':
        chain.setParameters({ baseFeePerGas: command.value })
        retimeOpenBlock()
        return 0n
      case 'increaseTime': {
        const offset = clock.increase(command.seconds)
        retimeOpenBlock()
        return offset
      }
      case 'setNextBlockTimestamp': {
        const latest = chain.latest()
        if (command.timestamp <= latest.header.timestamp) {
          throw new InvalidDevCommandError(
            `timestamp ${command.timestamp} is not after the latest block's ${latest.header.timestamp}`,
          )
        }
        clock.setNext(command.timestamp)
        retimeOpenBlock()
        return 0n
      }
    }
  }

  function mine(blocks: bigint, intervalSeconds: bigint): bigint {
    if (blocks < 1n || blocks > MAX_MINED_BLOCKS) {
      throw new InvalidDevCommandError(`can mine 1 to ${MAX_MINED_BLOCKS} blocks at once, not ${blocks}`)
    }
    for (let i = 0n; i < blocks; i++) {
      if (i > 0n && intervalSeconds > 0n) {
        // The block opened by the previous seal is empty: re-open it at the spaced timestamp.
        clock.setNext(chain.latest().header.timestamp + intervalSeconds)
        chain.reopen()
      }
      pump.sealBlockNow()
    }
    return chain.latest().header.number
  }

  /** The open block takes the clock's new time (and parameters): re-opened when it holds nothing, sealed otherwise. */
  function retimeOpenBlock() {
    pump.sealMiniBlock()
    if (chain.open().miniBlockCount() > 0) pump.sealBlockNow()
    else chain.reopen()
  }

  return {
    run,
    isImpersonated: (address) => impersonateAll || impersonated.has(hexFromBytes(address)),
  }
}

/** `anvil_mine` (and `anvil_reorg`) bound: every block stays in history, so one call cannot flood it. */
export const MAX_MINED_BLOCKS = 10_000n
