import { compileTestContracts } from '@rtevm/testkit'
import type { Address, Hash, Hex } from 'viem'
import { testDevAccounts } from './edgeTestSupport.ts'
import { chainClients, probe, token } from './traceTestSupport.ts'

const [, dev1] = testDevAccounts
const SALT = `0x${'11'.repeat(32)}` as const
const { child } = compileTestContracts()

/**
 * Init code of a contract that forwards the value of any call to dev account 1: the test contracts
 * make no CALL with value. Its runtime is CALL(gas, dev1, callvalue, 0, 0, 0, 0); STOP.
 */
const FORWARDER = `0x6021600c60003960216000f360006000600060003473${dev1!.address.slice(2)}5af100` as Hex

/** The transactions and contracts of `sendAll`, on one chain. */
/** Init code of a contract whose runtime STATICCALLs the ecrecover precompile with no input: STATICCALL(gas, 1, 0, 0, 0, 0); STOP. */
const PRECOMPILE_CALLER = '0x600d600c600039600d6000f3600060006000600060015afa00' as Hex

export type Sent = {
  tokenDeploy: Hash
  probeDeploy: Hash
  forwarderDeploy: Hash
  forward: Hash
  nested: Hash
  spawn: Hash
  fail: Hash
  ephemeral: Hash
  kill: Hash
  staticCall: Hash
  probe: Address
  forwarder: Address
  child: Address
}

/** Sends, and returns the hash once the transaction is mined (on rtevm: its block sealed too, one per block). */
export type Seal = (send: () => Promise<Hash>) => Promise<Hash>

/**
 * What the trace chain (`startTraceChain`) deploys before a test starts: anvil
 * gets the same, so both chains' nonces, and so contract addresses, agree.
 */
export async function deployLikeTraceChain(url: string, seal: Seal): Promise<void> {
  const { walletClient } = chainClients(url)
  await seal(() =>
    walletClient.deployContract({ abi: token.abi, bytecode: token.bytecode, args: [1_000n], chain: null }),
  )
  await seal(() => walletClient.deployContract({ abi: probe.abi, bytecode: probe.bytecode, chain: null }))
}

/** The same transactions, in the same order, from the same account: the contracts get the same addresses on both chains. */
export async function sendAll(url: string, seal: Seal): Promise<Sent> {
  const { walletClient, publicClient } = chainClients(url)
  const created = async (hash: Hash) =>
    (await publicClient.getTransactionReceipt({ hash })).contractAddress as Address
  const tokenDeploy = await seal(() =>
    walletClient.deployContract({ abi: token.abi, bytecode: token.bytecode, args: [1_000n], chain: null }),
  )
  const probeDeploy = await seal(() =>
    walletClient.deployContract({ abi: probe.abi, bytecode: probe.bytecode, chain: null }),
  )
  const forwarderDeploy = await seal(() => walletClient.sendTransaction({ data: FORWARDER, chain: null }))
  const probeAddress = await created(probeDeploy)
  const forwarder = await created(forwarderDeploy)
  const onProbe = { address: probeAddress, abi: probe.abi, chain: null } as const
  const forward = await seal(() =>
    walletClient.sendTransaction({ to: forwarder, value: 9n, gas: 100_000n, chain: null }),
  )
  const nested = await seal(() =>
    walletClient.writeContract({ ...onProbe, functionName: 'nested', args: [3n], gas: 300_000n }),
  )
  const spawn = await seal(() =>
    walletClient.writeContract({ ...onProbe, functionName: 'spawn', args: [SALT], value: 5n, gas: 200_000n }),
  )
  const fail = await seal(() =>
    walletClient.writeContract({ ...onProbe, functionName: 'fail', args: ['boom'], gas: 100_000n }),
  )
  const ephemeral = await seal(() =>
    walletClient.writeContract({
      ...onProbe,
      functionName: 'spawnEphemeral',
      args: [`0x${'22'.repeat(32)}`],
      value: 3n,
      gas: 300_000n,
    }),
  )
  const spawned = (await publicClient.getTransactionReceipt({ hash: spawn })).logs[0]!.data
  const childAddress = `0x${spawned.slice(-40)}` as Address
  const kill = await seal(() =>
    walletClient.writeContract({
      address: childAddress,
      abi: child.abi,
      functionName: 'kill',
      args: [dev1!.address],
      gas: 100_000n,
      chain: null,
    }),
  )
  const precompileCaller = await created(
    await seal(() => walletClient.sendTransaction({ data: PRECOMPILE_CALLER, chain: null })),
  )
  const staticCall = await seal(() =>
    walletClient.sendTransaction({ to: precompileCaller, gas: 100_000n, chain: null }),
  )
  return {
    tokenDeploy,
    probeDeploy,
    forwarderDeploy,
    forward,
    nested,
    spawn,
    fail,
    ephemeral,
    kill,
    staticCall,
    probe: probeAddress,
    forwarder,
    child: childAddress,
  }
}
