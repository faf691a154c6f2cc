import { compileSolidity, type Senders, TEST_TOKEN_SOURCE, type TxSigner } from '@rtevm/testkit'
import { encodeDeployData, encodeFunctionData, getContractAddress } from 'viem'
import { POOL_SOURCE } from './poolSource.ts'

const GWEI = 1_000_000_000n
const MAX_UINT = (1n << 256n) - 1n

/** Signed transactions: `setup` runs first, one at a time, and is not measured. */
export type DiffWorkloadTxs = { setup: Uint8Array[]; raws: Uint8Array[] }

export type DiffWorkload = {
  name: 'eth' | 'erc20' | 'swap'
  label: string
  /** The whitepaper's naive bytes per transaction, for comparison. */
  naiveBytes?: number
  /** `count` measured transactions whose priority fee is `tip` wei per gas. */
  prepare(senders: Senders, count: number, tip: bigint): DiffWorkloadTxs
}

type Call = { to?: `0x${string}`; data?: `0x${string}`; value?: bigint; gasLimit: bigint }

function signer(tip: bigint) {
  return (from: TxSigner, nonce: bigint, call: Call) =>
    from.sign({ nonce, ...call, maxFeePerGas: 2n * GWEI + tip, maxPriorityFeePerGas: tip })
}

/** Round-robin over `signers`, `i`-th transaction at nonce `first + i / signers`. */
function roundRobin(
  signers: readonly TxSigner[],
  count: number,
  firstNonce: bigint,
  build: (from: TxSigner, nonce: bigint, i: number) => Uint8Array,
): Uint8Array[] {
  return Array.from({ length: count }, (_, i) =>
    build(signers[i % signers.length], firstNonce + BigInt(Math.floor(i / signers.length)), i),
  )
}

/** Transfer amounts that look like people's: a few significant digits of a round unit. */
const amount = (i: number, unit: bigint) => BigInt(1 + ((i * 37) % 997)) * unit

export const ethDiffWorkload: DiffWorkload = {
  name: 'eth',
  label: 'ETH transfer',
  prepare(senders, count, tip) {
    const sign = signer(tip)
    const { signers } = senders
    const raws = roundRobin(signers, count, 0n, (from, nonce, i) =>
      sign(from, nonce, {
        to: signers[(i * 7 + 3) % signers.length].address,
        value: amount(i, 10n ** 15n),
        gasLimit: 21_000n,
      }),
    )
    return { setup: [], raws }
  },
}

/** The first sender deploys a token holding the whole supply and pays every other sender; then transfers round-robin. */
export const erc20DiffWorkload: DiffWorkload = {
  name: 'erc20',
  label: 'ERC-20 transfer',
  naiveBytes: 190,
  prepare(senders, count, tip) {
    const sign = signer(tip)
    const { TestToken } = compileSolidity({ 'TestToken.sol': TEST_TOKEN_SOURCE })
    const [deployer, ...rest] = senders.signers
    const token = getContractAddress({ from: deployer.address, nonce: 0n })
    const transfer = (to: `0x${string}`, value: bigint) =>
      encodeFunctionData({ abi: TestToken.abi, functionName: 'transfer', args: [to, value] })
    const setup = [
      sign(deployer, 0n, {
        data: encodeDeployData({ abi: TestToken.abi, bytecode: TestToken.bytecode, args: [10n ** 30n] }),
        gasLimit: 1_000_000n,
      }),
      ...rest.map((s, i) =>
        sign(deployer, BigInt(i + 1), {
          to: token,
          data: transfer(s.address, 10n ** 24n),
          gasLimit: 100_000n,
        }),
      ),
    ]
    const raws = roundRobin(rest, count, 0n, (from, nonce, i) =>
      sign(from, nonce, {
        to: token,
        data: transfer(rest[(i * 7 + 3) % rest.length].address, amount(i, 10n ** 16n)),
        gasLimit: 100_000n,
      }),
    )
    return { setup, raws }
  },
}

/**
 * Two tokens and a pool holding 10^27 of each; every other sender gets 10^24
 * of both and approves the pool for the maximum; then swaps of alternating
 * direction, round-robin.
 */
export const swapDiffWorkload: DiffWorkload = {
  name: 'swap',
  label: 'pool swap',
  naiveBytes: 595,
  prepare(senders, count, tip) {
    const sign = signer(tip)
    const { TestToken, Pool } = compileSolidity({
      'TestToken.sol': TEST_TOKEN_SOURCE,
      'Pool.sol': POOL_SOURCE,
    })
    const [deployer, ...rest] = senders.signers
    const tokens = [0n, 1n].map((nonce) => getContractAddress({ from: deployer.address, nonce }))
    const pool = getContractAddress({ from: deployer.address, nonce: 2n })
    const tokenCall = (functionName: 'transfer' | 'approve', to: `0x${string}`, value: bigint) =>
      encodeFunctionData({ abi: TestToken.abi, functionName, args: [to, value] })
    let nonce = 0n
    const fromDeployer = (call: Call) => sign(deployer, nonce++, call)
    const setup = [
      ...tokens.map(() =>
        fromDeployer({
          data: encodeDeployData({ abi: TestToken.abi, bytecode: TestToken.bytecode, args: [10n ** 30n] }),
          gasLimit: 1_000_000n,
        }),
      ),
      fromDeployer({
        data: encodeDeployData({ abi: Pool.abi, bytecode: Pool.bytecode, args: tokens }),
        gasLimit: 2_000_000n,
      }),
      ...tokens.map((token) =>
        fromDeployer({ to: token, data: tokenCall('transfer', pool, 10n ** 27n), gasLimit: 100_000n }),
      ),
      fromDeployer({
        to: pool,
        data: encodeFunctionData({ abi: Pool.abi, functionName: 'sync' }),
        gasLimit: 200_000n,
      }),
      ...rest.flatMap((s) =>
        tokens.map((token) =>
          fromDeployer({ to: token, data: tokenCall('transfer', s.address, 10n ** 24n), gasLimit: 100_000n }),
        ),
      ),
      ...rest.flatMap((s) =>
        tokens.map((token, i) =>
          sign(s, BigInt(i), { to: token, data: tokenCall('approve', pool, MAX_UINT), gasLimit: 100_000n }),
        ),
      ),
    ]
    const raws = roundRobin(rest, count, 2n, (from, nonce, i) =>
      sign(from, nonce, {
        to: pool,
        data: encodeFunctionData({
          abi: Pool.abi,
          functionName: 'swap',
          args: [Math.floor(i / rest.length) % 2 === 0, amount(i, 10n ** 17n), 0n],
        }),
        gasLimit: 200_000n,
      }),
    )
    return { setup, raws }
  },
}
