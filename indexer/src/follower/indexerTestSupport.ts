// Test support for the indexer's tests; not part of the package's public surface.

import {
  createLinkServer,
  createSequencer,
  defineConfig,
  type LinkServer,
  type Sequencer,
  type SequencerConfig,
} from '@rtevm/node'
import type { TxInclusion } from '@rtevm/protocol'
import { type CompiledContract, compileTestContracts, createTxSigner, type TxSigner } from '@rtevm/testkit'
import {
  type Abi,
  type Address,
  encodeAbiParameters,
  encodeDeployData,
  encodeFunctionData,
  hexToBigInt,
  keccak256,
  toHex,
} from 'viem'
import type { SqlExecutor } from '../database/SqlDatabase.ts'

/** The chain the indexer tests follow: 100 ms blocks, link on a free port, four dev accounts. */
export const testChainConfig: SequencerConfig = defineConfig({
  blockIntervalMs: 100,
  recoveryWorkers: 1,
  devAccountCount: 4,
  link: { port: 0 },
})

const GAS = { maxFeePerGas: 2_000_000_000n, maxPriorityFeePerGas: 1n }

/** A real sequencer and link server, with signers for the dev accounts that track their nonces. */
export type TestChain = {
  sequencer: Sequencer
  link: LinkServer
  accounts: Address[]
  /** Sends `value` wei from dev account `from` to `to`. */
  sendEth(from: number, to: Address, value: bigint): Promise<TxInclusion>
  /** Deploys the test ERC-20 from dev account `from` with `supply` minted to it; resolves with its address. */
  deployToken(from: number, supply: bigint): Promise<{ inclusion: TxInclusion; address: Address }>
  /** Calls `token.transfer(to, amount)` from dev account `from` (a shortfall reverts). */
  transferToken(from: number, token: Address, to: Address, amount: bigint): Promise<TxInclusion>
  /** Deploys `contract` (constructor `args`) from dev account `from`; resolves with its address. */
  deploy(
    from: number,
    contract: CompiledContract,
    args?: readonly unknown[],
  ): Promise<{ inclusion: TxInclusion; address: Address }>
  /** Sends a call of `functionName(args)` on `address` from dev account `from` (a revert still resolves). */
  call(
    from: number,
    address: Address,
    abi: Abi,
    functionName: string,
    args?: readonly unknown[],
  ): Promise<TxInclusion>
  /** The sequencer's value of `mapping(key => uint256)` / `mapping(key => address)` declared at `slot`. */
  mappingValue(contract: Address, slot: bigint, key: Address | bigint): bigint
  close(): Promise<void>
}

export async function startTestChain(overrides: Partial<SequencerConfig> = {}): Promise<TestChain> {
  const config = { ...testChainConfig, ...overrides }
  const sequencer = await createSequencer(config)
  const link = await createLinkServer({ config: config.link, backend: sequencer })
  const signers: TxSigner[] = sequencer.devAccounts.map((a) =>
    createTxSigner(a.privateKey, a.address, config.chainId),
  )
  const nonces = signers.map(() => 0n)
  const { token } = compileTestContracts()
  function send(
    from: number,
    to: Address | undefined,
    value: bigint,
    data?: `0x${string}`,
    gasLimit = 21_000n,
  ) {
    const raw = signers[from].sign({ nonce: nonces[from]++, to, value, data, gasLimit, ...GAS })
    return sequencer.submit(raw)
  }
  return {
    sequencer,
    link,
    accounts: signers.map((s) => s.address),
    sendEth: (from, to, value) => send(from, to, value),
    async deployToken(from, supply) {
      const data = encodeDeployData({ abi: token.abi, bytecode: token.bytecode, args: [supply] })
      const inclusion = await send(from, undefined, 0n, data, 2_000_000n)
      const created = inclusion.receipt.contractAddress
      if (!created) throw new Error('the token deployment created no contract')
      return { inclusion, address: `0x${Buffer.from(created).toString('hex')}` }
    },
    transferToken(from, address, to, amount) {
      const data = encodeFunctionData({ abi: token.abi, functionName: 'transfer', args: [to, amount] })
      return send(from, address, 0n, data, 200_000n)
    },
    async deploy(from, contract, args = []) {
      const data = encodeDeployData({ abi: contract.abi, bytecode: contract.bytecode, args })
      const inclusion = await send(from, undefined, 0n, data, 3_000_000n)
      const created = inclusion.receipt.contractAddress
      if (!created) throw new Error('the deployment created no contract')
      return { inclusion, address: `0x${Buffer.from(created).toString('hex')}` }
    },
    call(from, address, abi, functionName, args = []) {
      const data = encodeFunctionData({ abi, functionName, args })
      return send(from, address, 0n, data, 3_000_000n)
    },
    mappingValue(contract, slot, key) {
      const position = keccak256(
        typeof key === 'bigint'
          ? encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [key, slot])
          : encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [key, slot]),
      )
      const value = sequencer.state.getStorage(contract.slice(2).toLowerCase(), position.slice(2))
      return value && value.length > 0 ? hexToBigInt(toHex(value)) : 0n
    },
    async close() {
      await link.close()
      await sequencer.close()
    },
  }
}

/** One row's count of a table. */
export async function countRows(db: SqlExecutor, table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::integer as n from ${table}`)
  return rows[0].n
}
