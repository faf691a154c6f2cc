import { compileSolidity, type Senders, type TxSigner } from '@rtevm/testkit'
import { encodeFunctionData, getContractAddress } from 'viem'
import { benchComputeSource } from './benchCompute.ts'
import { benchTokenSource } from './benchToken.ts'

const GWEI = 1_000_000_000n

/** `count` ETH transfers, round-robin over `signers` (so nonces interleave as under real load). */
export function ethTransfers(signers: readonly TxSigner[], count: number, firstNonce = 0n): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let i = 0; i < count; i++) {
    const signer = signers[i % signers.length]
    const to = signers[(i + 1) % signers.length].address
    const nonce = firstNonce + BigInt(Math.floor(i / signers.length))
    out.push(
      signer.sign({
        nonce,
        to,
        value: 1n,
        gasLimit: 21_000n,
        maxFeePerGas: 2n * GWEI,
        maxPriorityFeePerGas: 1n,
      }),
    )
  }
  return out
}

/** `count` calls to `to` with `data(i)`, round-robin over `signers`. */
export function contractCalls(
  signers: readonly TxSigner[],
  count: number,
  to: `0x${string}`,
  data: (i: number) => `0x${string}`,
  gasLimit: bigint,
  firstNonce = 0n,
): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let i = 0; i < count; i++) {
    const signer = signers[i % signers.length]
    const nonce = firstNonce + BigInt(Math.floor(i / signers.length))
    out.push(
      signer.sign({ nonce, to, data: data(i), gasLimit, maxFeePerGas: 2n * GWEI, maxPriorityFeePerGas: 1n }),
    )
  }
  return out
}

/** `deployer`'s first transaction (nonce 0), deploying `bytecode`. */
function deployment(deployer: TxSigner, bytecode: `0x${string}`): Uint8Array {
  return deployer.sign({
    nonce: 0n,
    data: bytecode,
    gasLimit: 1_000_000n,
    maxFeePerGas: 2n * GWEI,
    maxPriorityFeePerGas: 1n,
  })
}

/** Signed transactions for one benchmark run: `setup` runs first and is not measured. */
export type PreparedWorkload = { setup: Uint8Array[]; raws: Uint8Array[] }

export type Workload = {
  name: string
  label: string
  /** What one of its transactions is, in result names; default "transfers". */
  noun?: string
  prepare(senders: Senders, count: number): Promise<PreparedWorkload>
}

export const ethWorkload: Workload = {
  name: 'eth',
  label: 'ETH',
  prepare: async (senders, count) => ({ setup: [], raws: ethTransfers(senders.signers, count) }),
}

/** The first sender deploys the token; every sender mints itself a balance; then transfers round-robin. */
export const erc20Workload: Workload = {
  name: 'erc20',
  label: 'ERC-20',
  async prepare(senders, count) {
    const { BenchToken } = compileSolidity({ 'BenchToken.sol': benchTokenSource })
    const [deployer] = senders.signers
    const token = getContractAddress({ from: deployer.address, nonce: 0n })
    const deploy = deployment(deployer, BenchToken.bytecode)
    const mints = senders.signers.map((signer) =>
      signer.sign({
        nonce: signer === deployer ? 1n : 0n,
        to: token,
        data: encodeFunctionData({
          abi: BenchToken.abi,
          functionName: 'mint',
          args: [signer.address, 10n ** 30n],
        }),
        gasLimit: 100_000n,
        maxFeePerGas: 2n * GWEI,
        maxPriorityFeePerGas: 1n,
      }),
    )
    // Everyone but the deployer has used nonce 0; shift the deployer's queue by one more.
    const rest = senders.signers.slice(1)
    const transferTo = (i: number) => senders.signers[(i * 7 + 3) % senders.signers.length].address
    const data = (i: number) =>
      encodeFunctionData({ abi: BenchToken.abi, functionName: 'transfer', args: [transferTo(i), 1n] })
    const raws = contractCalls(rest, count, token, data, 100_000n, 1n)
    return { setup: [deploy, ...mints], raws }
  },
}

/** Loop rounds per `work` call: about 100 000 gas, nearly all of it in the interpreter loop. */
const COMPUTE_ROUNDS = 200n

/** The first sender deploys BenchCompute; then every other sender calls `work(COMPUTE_ROUNDS)`. */
export const computeWorkload: Workload = {
  name: 'compute',
  label: 'compute-heavy (keccak, arithmetic, memory loop)',
  noun: 'calls',
  async prepare(senders, count) {
    const { BenchCompute } = compileSolidity({ 'BenchCompute.sol': benchComputeSource })
    const [deployer] = senders.signers
    const target = getContractAddress({ from: deployer.address, nonce: 0n })
    const deploy = deployment(deployer, BenchCompute.bytecode)
    const data = encodeFunctionData({ abi: BenchCompute.abi, functionName: 'work', args: [COMPUTE_ROUNDS] })
    const raws = contractCalls(senders.signers.slice(1), count, target, () => data, 1_000_000n)
    return { setup: [deploy], raws }
  },
}
