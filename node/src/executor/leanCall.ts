import type { Block as EthjsBlock } from '@ethereumjs/block'
import { ConsensusType, Hardfork } from '@ethereumjs/common'
import type { EVM } from '@ethereumjs/evm'
import type { TypedTransaction } from '@ethereumjs/tx'
import { Account, Address, equalsBytes, hexToBytes, KECCAK256_NULL } from '@ethereumjs/util'
import type { VM } from '@ethereumjs/vm'
import { type Log, logsBloom } from '@rtevm/protocol'
import { hexFromBytes, type RamState } from '../state/index.ts'
import { createSharedTxCommon } from './chainCommon.ts'
import type { DecodedTransaction } from './decodeTransaction.ts'
import type { ExecutedTransaction } from './ExecutedTransaction.ts'
import { ExecutionRejectedError, ethereumJsReason } from './errors.ts'

/** Runs a transaction without runTx when it has a common shape; undefined means "use runTx". */
export type LeanCall = {
  execute(
    decoded: DecodedTransaction,
    block: EthjsBlock,
    blockGasUsed: bigint,
  ): Promise<ExecutedTransaction | undefined>
}

// Rules this path does not implement; with any of them active it hands everything to runTx.
const UNSUPPORTED_EIPS = [2780, 6800, 7708, 7778, 7864, 7928, 7976, 7981, 8037, 8246]
// Rules it implements as they stand in Prague.
const REQUIRED_EIPS = [1153, 1559, 2718, 2929, 2930, 3529, 3651, 6780, 7623]

/**
 * Calls (contract code mostly) are what runTx sees after plain transfers,
 * and runTx's own share of one — intrinsic and floor gas recomputed with a
 * BigInt per calldata byte, chain parameters looked up, events, a Bloom
 * object, a receipt — is setup this path prepares once or skips. It does what runTx does, in runTx's order and
 * through the same journal and `evm.runCall`: the up-front purchase and
 * nonce bump, the EIP-2929/3651 warm set and access list, the EIP-3529
 * refund cap, the EIP-7623 floor, the priority fee to the coinbase,
 * EIP-6780 self-destructs and EIP-161 cleanup. It takes only transactions
 * runTx would accept (type 0, 1 or 2, a recipient, nonce, funds, fee, gas
 * limits all valid); anything else returns undefined and runTx runs it,
 * and produces the refusal. leanCall.test.ts runs both on the same inputs
 * and compares receipts, blooms and state diffs.
 */
export function createLeanCall(vm: VM, state: RamState): LeanCall {
  const evm = vm.evm as EVM
  const common = vm.common
  const usable =
    REQUIRED_EIPS.every((eip) => common.isActivatedEIP(eip)) &&
    !UNSUPPORTED_EIPS.some((eip) => common.isActivatedEIP(eip)) &&
    common.gteHardfork(Hardfork.SpuriousDragon) &&
    common.consensusType() !== ConsensusType.ProofOfAuthority
  const txParams = createSharedTxCommon(common)
  const gas = {
    base: txParams.param('txGas'),
    zeroByte: Number(txParams.param('txDataZeroGas')),
    nonZeroByte: Number(txParams.param('txDataNonZeroGas')),
    accessListAddress: txParams.param('accessListAddressGas'),
    accessListSlot: txParams.param('accessListStorageKeyGas'),
    floorPerToken: txParams.param('totalCostFloorPerToken'),
    refundQuotient: common.param('maxRefundQuotient'),
  }
  const precompiles = [...evm.precompiles.keys()]
  const journal = evm.journal
  const storageOriginals = vm.stateManager.originalStorageCache

  async function run(
    tx: TypedTransaction & { to: Address },
    caller: Address,
    block: EthjsBlock,
    blockGasUsed: bigint,
  ): Promise<ExecutedTransaction | undefined> {
    const header = block.header
    const baseFee = header.baseFeePerGas ?? 0n
    if (tx.gasLimit > header.gasLimit || blockGasUsed + tx.gasLimit > header.gasLimit) return
    const maxFee = 'maxFeePerGas' in tx ? tx.maxFeePerGas : tx.gasPrice
    if (maxFee < baseFee) return
    const gasPrice =
      'maxFeePerGas' in tx ? baseFee + min(tx.maxPriorityFeePerGas, maxFee - baseFee) : tx.gasPrice
    const { intrinsic, floor } = intrinsicGas(tx)
    if (tx.gasLimit < intrinsic || tx.gasLimit < floor) return
    const sender = await vm.stateManager.getAccount(caller)
    if (sender === undefined || sender.nonce !== tx.nonce || !equalsBytes(sender.codeHash, KECCAK256_NULL))
      return
    if (sender.balance < tx.gasLimit * maxFee + tx.value) return

    const callerHex = hexFromBytes(caller.bytes)
    const coinbase = header.coinbase
    await journal.checkpoint()
    try {
      if ('accessList' in tx) {
        for (const [address, slots] of tx.accessList) {
          const addressHex = hexFromBytes(address)
          journal.addAlwaysWarmAddress(addressHex, true)
          for (const slot of slots) journal.addAlwaysWarmSlot(addressHex, hexFromBytes(slot), true)
        }
      }
      for (const precompile of precompiles) journal.addAlwaysWarmAddress(precompile)
      journal.addAlwaysWarmAddress(callerHex)
      journal.addAlwaysWarmAddress(hexFromBytes(tx.to.bytes))
      journal.addAlwaysWarmAddress(hexFromBytes(coinbase.bytes))

      const purchase = tx.gasLimit * gasPrice
      sender.balance -= purchase
      sender.nonce += 1n
      await journal.putAccount(caller, sender)

      await journal.checkpoint()
      let result: Awaited<ReturnType<EVM['runCall']>>
      try {
        result = await evm.runCall({
          block,
          gasPrice,
          caller,
          gasLimit: tx.gasLimit - intrinsic,
          to: tx.to,
          value: tx.value,
          data: tx.data,
          skipNonceIncrement: true,
        })
      } catch (cause) {
        await journal.revert()
        throw cause
      }
      await journal.commit()
      const exec = result.execResult

      let gasUsed = exec.executionGasUsed + intrinsic
      const refund = exec.gasRefund ?? 0n
      if (refund !== 0n) gasUsed -= min(refund, gasUsed / gas.refundQuotient)
      if (gasUsed < floor) gasUsed = floor

      const payer = (await vm.stateManager.getAccount(caller)) ?? new Account()
      payer.balance += purchase - gasUsed * gasPrice
      await journal.putAccount(caller, payer)
      const miner = (await vm.stateManager.getAccount(coinbase)) ?? new Account()
      miner.balance += gasUsed * (gasPrice - baseFee)
      await journal.putAccount(coinbase, miner)

      await destroyCreatedSelfdestructs(exec.selfdestruct, exec.createdAddresses)
      const logs: Log[] = (exec.logs ?? []).map(([address, topics, data]) => ({ address, topics, data }))
      const bloom = logsBloom(logs, new Uint8Array(256), common.customCrypto.keccak256)
      await journal.cleanup()
      storageOriginals.clear()
      await journal.commit()

      const failed = exec.exceptionError !== undefined
      return {
        receipt: {
          status: failed ? 0 : 1,
          gasUsed,
          cumulativeGasUsed: blockGasUsed + gasUsed,
          effectiveGasPrice: gasPrice,
          contractAddress: result.createdAddress?.bytes,
          logs,
          revertData: failed && exec.returnValue.length > 0 ? exec.returnValue : undefined,
        },
        bloom,
      }
    } catch (cause) {
      await journal.revert()
      throw cause
    } finally {
      journal.cleanJournal()
      storageOriginals.clear()
    }
  }

  /** Intrinsic gas (calldata, access list) and the EIP-7623 calldata floor, as the tx library computes them. */
  function intrinsicGas(tx: TypedTransaction): { intrinsic: bigint; floor: bigint } {
    const data = tx.data
    let zeros = 0
    for (let i = 0; i < data.length; i++) if (data[i] === 0) zeros++
    const nonZeros = data.length - zeros
    let intrinsic = gas.base + BigInt(zeros * gas.zeroByte + nonZeros * gas.nonZeroByte)
    if ('accessList' in tx) {
      let slots = 0
      for (const [, keys] of tx.accessList) slots += keys.length
      intrinsic += BigInt(tx.accessList.length) * gas.accessListAddress + BigInt(slots) * gas.accessListSlot
    }
    const floor = gas.base + gas.floorPerToken * BigInt(zeros + nonZeros * 4)
    return { intrinsic, floor }
  }

  /** EIP-6780: only accounts created in this transaction are deleted, in address order as runTx does. */
  async function destroyCreatedSelfdestructs(
    selfdestructs: Map<string, unknown> | undefined,
    created: Set<string> | undefined,
  ): Promise<void> {
    if (selfdestructs === undefined || selfdestructs.size === 0) return
    for (const hex of [...selfdestructs.keys()].sort((a, b) => a.localeCompare(b))) {
      const address = new Address(hexToBytes(hex as `0x${string}`))
      if (created?.has(address.toString())) await journal.deleteAccount(address)
    }
  }

  return {
    async execute(decoded, block, blockGasUsed) {
      const tx = decoded.tx
      if (!usable || tx.type > 2 || tx.to === undefined) return
      if (vm.events.listenerCount('beforeTx') + vm.events.listenerCount('afterTx') > 0) return
      const depth = state.depth()
      try {
        return await run(tx as TypedTransaction & { to: Address }, tx.getSenderAddress(), block, blockGasUsed)
      } catch (cause) {
        // As in createExecutor: a refused transaction leaves no trace at all.
        while (state.depth() > depth) state.revert()
        throw new ExecutionRejectedError(ethereumJsReason(cause), { cause })
      }
    },
  }
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b
}
