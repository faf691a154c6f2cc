import { keccak_256 } from '@noble/hashes/sha3.js'
import { decodeGenesis, encodeGenesis } from '@rtevm/protocol'
import { expect, it } from 'vitest'
import { commitDiffTo, createBlockBuilder } from '../block/index.ts'
import { createStateCommitment } from '../commitment/index.ts'
import { defineConfig } from '../config/index.ts'
import { bigIntToBytes, createRamState, hexFromBytes } from '../state/index.ts'
import { chainParams, compactGenesis, describeGenesis, GenesisMismatchError, loadGenesis } from './index.ts'

/** A genesis state with code and storage, rooted the sequencer's way (takeDiff, then commitDiff). */
function sequencerGenesis() {
  const config = defineConfig({ chainId: 99n, baseFeePerGas: 5n, blockGasLimit: 30_000_000n })
  const state = createRamState()
  const code = Uint8Array.of(0x60, 0x01, 0x60, 0x00, 0x55)
  const codeHash = keccak_256(code)
  state.putCode(codeHash, code)
  state.putAccount('11'.repeat(20), { nonce: 1n, balance: 5n, codeHash })
  state.putStorage('11'.repeat(20), '00'.repeat(31) + '01', bigIntToBytes(42n))
  state.putStorage('11'.repeat(20), 'ff'.repeat(32), bigIntToBytes(1n))
  state.putAccount('22'.repeat(20), {
    nonce: 0n,
    balance: 10n ** 22n,
    codeHash: keccak_256(new Uint8Array(0)),
  })
  const root = commitDiffTo(createStateCommitment())(state.takeDiff())
  const context = {
    number: 0n,
    timestamp: 1n,
    baseFeePerGas: config.baseFeePerGas,
    gasLimit: config.blockGasLimit,
    coinbase: new Uint8Array(20),
    prevRandao: new Uint8Array(32),
  }
  const block = createBlockBuilder(context, () => root).seal(new Uint8Array(32))
  return { config, state, block, root }
}

it('a described genesis survives the wire and loads to the same state and root', () => {
  const { config, state, block, root } = sequencerGenesis()
  const genesis = decodeGenesis(encodeGenesis(describeGenesis(config, state, block)))
  const loaded = loadGenesis(genesis)
  expect(hexFromBytes(loaded.root)).toBe(hexFromBytes(root))
  expect(loaded.state.getStorage('11'.repeat(20), '00'.repeat(31) + '01')).toEqual(bigIntToBytes(42n))
  expect(loaded.state.getCode(loaded.state.getAccount('11'.repeat(20))!.codeHash)).toEqual(
    Uint8Array.of(0x60, 0x01, 0x60, 0x00, 0x55),
  )
  expect(chainParams(genesis)).toMatchObject({ chainId: 99n, baseFeePerGas: 5n, blockGasLimit: 30_000_000n })
  expect(compactGenesis(genesis).map((a) => hexFromBytes(a.address))).toEqual([
    '11'.repeat(20),
    '22'.repeat(20),
  ])
})

it('refuses a genesis whose state does not match block 0, naming both roots', () => {
  const { config, state, block } = sequencerGenesis()
  const genesis = describeGenesis(config, state, block)
  const storage = genesis.accounts[0].storage.map((s) => ({ ...s, value: s.value + 1n }))
  const tampered = { ...genesis, accounts: [{ ...genesis.accounts[0], storage }, genesis.accounts[1]] }
  expect(() => loadGenesis(tampered)).toThrow(GenesisMismatchError)
  expect(() => loadGenesis({ ...genesis, accounts: genesis.accounts.slice(1) })).toThrow(/state root/)
  const notZero = { ...genesis, block: { ...block, header: { ...block.header, number: 1n } } }
  expect(() => loadGenesis(notZero)).toThrow(/not block 0/)
})
