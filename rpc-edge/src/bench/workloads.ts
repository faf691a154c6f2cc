import { benchTokenSource } from '@rtevm/node/bench'
import { compileSolidity, type TxSigner } from '@rtevm/testkit'
import { encodeFunctionData, getContractAddress, type Hex, toHex } from 'viem'
import { fees } from './benchChain.ts'

export const TX_PER_SENDER = 60

/** A throughput workload: what it sends, signed for one peer's current nonces. */
export type Workload = {
  name: string
  label: string
  /** Unmeasured setup (sent one by one, in order) and the measured transactions, round-robin over senders. */
  prepare(senders: readonly TxSigner[], nonces: bigint[]): { setup: Hex[]; raws: Hex[] }
}

function roundRobin(
  senders: readonly TxSigner[],
  nonces: readonly bigint[],
  build: (i: number, nonce: bigint, signer: TxSigner) => Uint8Array,
): Hex[] {
  const raws: Hex[] = []
  for (let i = 0; i < senders.length * TX_PER_SENDER; i++) {
    const s = i % senders.length
    raws.push(toHex(build(i, nonces[s] + BigInt(Math.floor(i / senders.length)), senders[s])))
  }
  return raws
}

export const ethWorkload: Workload = {
  name: 'eth',
  label: 'ETH',
  prepare: (senders, nonces) => ({
    setup: [],
    raws: roundRobin(senders, nonces, (i, nonce, signer) =>
      signer.sign({
        nonce,
        to: senders[(i + 1) % senders.length].address,
        value: 1n,
        gasLimit: 21_000n,
        ...fees,
      }),
    ),
  }),
}

let compiledToken: ReturnType<typeof compileSolidity>['BenchToken'] | undefined

/** Sender 0 deploys the token, every sender mints itself a balance, then transfers round-robin. */
export const erc20Workload: Workload = {
  name: 'erc20',
  label: 'ERC-20',
  prepare(senders, nonces) {
    compiledToken ??= compileSolidity({ 'BenchToken.sol': benchTokenSource }).BenchToken
    const { abi, bytecode } = compiledToken
    const deployer = senders[0]
    const token = getContractAddress({ from: deployer.address, nonce: nonces[0] })
    const setup = [
      toHex(deployer.sign({ nonce: nonces[0]++, data: bytecode, gasLimit: 1_000_000n, ...fees })),
      ...senders.map((signer, s) =>
        toHex(
          signer.sign({
            nonce: nonces[s]++,
            to: token,
            data: encodeFunctionData({ abi, functionName: 'mint', args: [signer.address, 10n ** 30n] }),
            gasLimit: 100_000n,
            ...fees,
          }),
        ),
      ),
    ]
    const raws = roundRobin(senders, nonces, (i, nonce, signer) =>
      signer.sign({
        nonce,
        to: token,
        data: encodeFunctionData({
          abi,
          functionName: 'transfer',
          args: [senders[(i * 7 + 3) % senders.length].address, 1n],
        }),
        gasLimit: 100_000n,
        ...fees,
      }),
    )
    return { setup, raws }
  },
}
