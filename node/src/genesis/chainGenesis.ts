import { keccak_256 } from '@noble/hashes/sha3.js'
import { type Block, type ChainGenesis, type GenesisAccount, RtevmError } from '@rtevm/protocol'
import { createStateCommitment, type StateCommitment } from '../commitment/index.ts'
import type { SequencerConfig } from '../config/index.ts'
import {
  bigIntToBytes,
  bytesFromHex,
  bytesToBigInt,
  createRamState,
  hexFromBytes,
  type RamState,
} from '../state/index.ts'

const EMPTY_CODE_HASH = keccak_256(new Uint8Array(0))

/** What a follower needs of the chain's settings; all of it comes from the `ChainGenesis` the sequencer serves. */
export type ChainParams = Pick<
  SequencerConfig,
  'chainId' | 'baseFeePerGas' | 'blockGasLimit' | 'maxTransactionGas' | 'blockIntervalMs' | 'coinbase'
>

export const GenesisErrorCode = { Mismatch: 'GENESIS_MISMATCH' } as const

/**
 * The genesis a follower was served does not hold together: the root of its
 * accounts is not block 0's state root, or block 0 is not block 0. The
 * follower refuses to follow.
 */
export class GenesisMismatchError extends RtevmError {
  override name = 'GenesisMismatchError'
  readonly expected: string
  readonly computed: string
  constructor(problem: string, expected: string, computed: string) {
    super(
      GenesisErrorCode.Mismatch,
      `genesis refused: ${problem} (block 0 says ${expected}, computed ${computed})`,
      {
        data: { expected, computed },
      },
    )
    this.expected = expected
    this.computed = computed
  }
}

/** The genesis the sequencer serves: its chain parameters, block 0 and the state block 0's root commits to. */
export function describeGenesis(config: SequencerConfig, state: RamState, block: Block): ChainGenesis {
  const accounts = Array.from(state.accounts(), ([address, account]) => {
    const code = account.codeHash && state.getCode(account.codeHash)
    const storage = Array.from(state.storageOf(address) ?? [], ([slot, value]) => ({
      slot: bytesFromHex(slot),
      value: bytesToBigInt(value),
    }))
      .filter((s) => s.value !== 0n)
      .sort((a, b) => Buffer.compare(a.slot, b.slot))
    return {
      address: bytesFromHex(address),
      nonce: account.nonce,
      balance: account.balance,
      code: code ? Uint8Array.from(code) : new Uint8Array(0),
      storage,
    }
  }).sort((a, b) => Buffer.compare(a.address, b.address))
  return {
    chainId: config.chainId,
    blockIntervalMs: config.blockIntervalMs,
    maxTransactionGas: config.maxTransactionGas,
    block,
    accounts,
  }
}

/** The chain parameters a follower runs with, read from a served genesis. */
export function chainParams(genesis: ChainGenesis): ChainParams {
  const { header } = genesis.block
  return {
    chainId: genesis.chainId,
    baseFeePerGas: header.baseFeePerGas,
    blockGasLimit: header.gasLimit,
    maxTransactionGas: genesis.maxTransactionGas,
    blockIntervalMs: genesis.blockIntervalMs,
    coinbase: `0x${hexFromBytes(header.coinbase)}`,
  }
}

/** The genesis accounts as the link's compact stream codec starts from them (sorted by address). */
export function compactGenesis(genesis: ChainGenesis): GenesisAccount[] {
  return genesis.accounts.map(({ address, nonce, balance, code }) => ({
    address,
    nonce,
    balance,
    codeHash: code.length > 0 ? keccak_256(code) : EMPTY_CODE_HASH,
  }))
}

export type LoadedGenesis = { state: RamState; commitment: StateCommitment; root: Uint8Array }

/**
 * Builds the genesis state and its commitment from a served genesis and
 * checks them against block 0: throws `GenesisMismatchError` when block 0 is
 * not number 0 or its state root is not the root of the accounts.
 */
export function loadGenesis(genesis: ChainGenesis, options: { trackDiffs?: boolean } = {}): LoadedGenesis {
  const { header } = genesis.block
  if (header.number !== 0n) throw new GenesisMismatchError('not block 0', '0', String(header.number))
  const state = createRamState({ trackDiffs: options.trackDiffs ?? false })
  const commitment = createStateCommitment()
  for (const { address, nonce, balance, code, storage } of genesis.accounts) {
    const key = hexFromBytes(address)
    const codeHash = code.length > 0 ? keccak_256(code) : EMPTY_CODE_HASH
    if (code.length > 0) state.putCode(codeHash, code)
    for (const { slot, value } of storage) {
      state.putStorage(key, hexFromBytes(slot), bigIntToBytes(value))
      commitment.applyStorage(address, slot, value)
    }
    state.putAccount(key, { nonce, balance, codeHash })
    commitment.applyAccount(address, { nonce, balance, codeHash })
  }
  const root = commitment.root()
  if (Buffer.compare(root, header.stateRoot) !== 0)
    throw new GenesisMismatchError(
      "the accounts' state root is not block 0's",
      `0x${hexFromBytes(header.stateRoot)}`,
      `0x${hexFromBytes(root)}`,
    )
  return { state, commitment, root }
}
