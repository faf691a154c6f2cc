import type { TypedTransaction } from '@ethereumjs/tx'
import { KECCAK256_NULL } from '@ethereumjs/util'
import type { AccountRecord, RamState } from '../state/index.ts'
import { hexFromBytes } from '../state/index.ts'
import type { ExecutedTransaction } from './ExecutedTransaction.ts'

const TRANSFER_GAS = 21_000n
const EMPTY_BLOOM = new Uint8Array(256)

/** The block fields a plain transfer depends on. */
export type TransferContext = { baseFeePerGas: bigint; coinbase: Uint8Array; gasLimit: bigint }

/**
 * A value transfer between two accounts without code is most of real
 * traffic, and EthereumJS's runTx spends ~70 µs on one (journal, warm sets,
 * bloom, receipt objects). This applies exactly the state change runTx would
 * — nonce, fee, value, priority fee to the coinbase, EIP-161 cleanup — in a
 * few µs. It only takes transactions whose outcome is certain to be a
 * successful 21 000-gas transfer; anything else (calls, creations, code or
 * precompile recipients, empty-account cleanup, any check that would fail)
 * returns undefined and goes through EthereumJS, which stays the reference:
 * plainTransfer.test.ts runs both on the same inputs and compares.
 */
export function tryPlainTransfer(
  state: RamState,
  tx: TypedTransaction,
  from: Uint8Array,
  context: TransferContext,
  blockGasUsed: bigint,
): ExecutedTransaction | undefined {
  const to = tx.to?.bytes
  if (to === undefined || tx.data.length > 0 || tx.gasLimit < TRANSFER_GAS || isPrecompileRange(to)) return
  if ('accessList' in tx && tx.accessList.length > 0) return
  if (tx.type > 2 || tx.gasLimit > context.gasLimit || blockGasUsed + tx.gasLimit > context.gasLimit) return
  const maxFee = 'maxFeePerGas' in tx ? tx.maxFeePerGas : tx.gasPrice
  const maxTip = 'maxPriorityFeePerGas' in tx ? tx.maxPriorityFeePerGas : tx.gasPrice
  const baseFee = context.baseFeePerGas
  if (maxFee < baseFee) return
  const tip = maxTip < maxFee - baseFee ? maxTip : maxFee - baseFee
  const price = baseFee + tip

  const fromKey = hexFromBytes(from)
  const toKey = hexFromBytes(to)
  const coinbaseKey = hexFromBytes(context.coinbase)
  if (fromKey === toKey || fromKey === coinbaseKey || toKey === coinbaseKey) return
  const sender = state.getAccount(fromKey)
  if (!sender || sender.nonce !== tx.nonce || !hasNoCode(sender)) return
  if (sender.balance < tx.gasLimit * maxFee + tx.value) return
  const recipient = state.getAccount(toKey)
  if (recipient && !hasNoCode(recipient)) return
  // A zero-value transfer touches the recipient; EIP-161 would delete it if empty.
  if (tx.value === 0n && recipient && isEmpty(recipient)) return
  const minerValue = TRANSFER_GAS * tip
  const coinbase = state.getAccount(coinbaseKey)
  if (minerValue === 0n && coinbase && isEmpty(coinbase)) return

  state.putAccount(fromKey, {
    nonce: sender.nonce + 1n,
    balance: sender.balance - TRANSFER_GAS * price - tx.value,
    codeHash: sender.codeHash,
  })
  if (tx.value > 0n) {
    state.putAccount(toKey, {
      nonce: recipient?.nonce ?? 0n,
      balance: (recipient?.balance ?? 0n) + tx.value,
      codeHash: recipient?.codeHash ?? KECCAK256_NULL,
    })
  }
  if (minerValue > 0n) {
    state.putAccount(coinbaseKey, {
      nonce: coinbase?.nonce ?? 0n,
      balance: (coinbase?.balance ?? 0n) + minerValue,
      codeHash: coinbase?.codeHash ?? KECCAK256_NULL,
    })
  }
  return {
    receipt: {
      status: 1,
      gasUsed: TRANSFER_GAS,
      cumulativeGasUsed: blockGasUsed + TRANSFER_GAS,
      effectiveGasPrice: price,
      logs: [],
    },
    bloom: EMPTY_BLOOM,
  }
}

function hasNoCode(account: AccountRecord): boolean {
  const hash = account.codeHash
  for (let i = 0; i < 32; i++) if (hash[i] !== KECCAK256_NULL[i]) return false
  return true
}

function isEmpty(account: AccountRecord): boolean {
  return account.nonce === 0n && account.balance === 0n && hasNoCode(account)
}

// Precompiles live at 0x01…0x11 (Prague); leave the whole low range to EthereumJS.
function isPrecompileRange(address: Uint8Array): boolean {
  for (let i = 0; i < 19; i++) if (address[i] !== 0) return false
  return true
}
