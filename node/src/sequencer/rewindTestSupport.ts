// Test support for the sequencer's rewind tests (evm_revert, anvil_rollback, anvil_reorg); not part of the folder's public surface.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTxSigner } from '@rtevm/testkit'
import { type Hex, hexToBytes } from 'viem'
import { onTestFinished } from 'vitest'
import { defineConfig, type SequencerConfig, type SequencerConfigInput } from '../config/index.ts'
import { createReplica, type Replica } from '../replica/index.ts'
import { createSequencer, type Sequencer } from './createSequencer.ts'

export const GWEI = 1_000_000_000n
/** Where the tests' transfers go. */
export const STRANGER = '0x00000000000000000000000000000000000b0b00'

/** A sequencer's config with a block timer that never fires: the test seals blocks. */
export function untimedConfig(input: SequencerConfigInput = {}): SequencerConfig {
  return defineConfig({ blockIntervalMs: 2 ** 31 - 1, recoveryWorkers: 1, ...input })
}

/**
 * A sequencer whose block timer never fires, and a replica applying every event it publishes,
 * so each test also proves followers rewind with the sequencer. Closed when the test finishes.
 */
export async function startFollowedSequencer(
  input: SequencerConfigInput = {},
): Promise<{ sequencer: Sequencer; replica: Replica }> {
  const sequencer = await createSequencer(untimedConfig(input))
  onTestFinished(() => sequencer.close())
  const replica = await createReplica(sequencer.genesis)
  for (const logged of sequencer.events.readFrom(1n, 1000)) replica.apply(logged.event)
  sequencer.events.subscribe((logged) => replica.apply(logged.event))
  return { sequencer, replica }
}

/** A new temporary directory for a sequencer's data, removed when the test finishes. */
export async function temporaryDataDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  onTestFinished(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** A signed transfer of `value` wei from the first dev account to STRANGER. */
export function signedTransfer(
  sequencer: Sequencer,
  nonce: bigint,
  value: bigint,
  { maxFeePerGas = 2n * GWEI, maxPriorityFeePerGas = GWEI / 2n } = {},
): Uint8Array {
  const [dev0] = sequencer.devAccounts
  return createTxSigner(dev0.privateKey, dev0.address).sign({
    nonce,
    to: STRANGER,
    value,
    gasLimit: 21_000n,
    maxFeePerGas,
    maxPriorityFeePerGas,
  })
}

export const balanceOf = (sequencer: Sequencer, address: string) =>
  sequencer.state.getAccount(address.slice(2))?.balance ?? 0n
export const bytes = (address: string) => hexToBytes(address as Hex)
