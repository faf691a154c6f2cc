import { Address, createContractAddress, createContractAddress2, KECCAK256_NULL } from '@ethereumjs/util'
import type { TracerSpec } from '@rtevm/protocol'
import { hexFromBytes, type RamState } from '../../state/index.ts'
import { attachHooks, memorySlice, type OpcodeStep, word } from './attachHooks.ts'
import { dataHex, quantityHex, wordHex } from './hex.ts'
import type { TxTracer } from './TxTracer.ts'

type PrestateConfig = Omit<Extract<TracerSpec, { kind: 'prestate' }>, 'kind'>

/** An account as the tracer first saw it; storage maps slot hex (64 digits) → value. */
type Seen = {
  balance: bigint
  nonce: bigint
  code: Uint8Array
  codeHash: Uint8Array
  storage: Map<string, bigint>
  /** No nonce, balance or code when first seen. */
  empty: boolean
}

const ACCOUNT_OPS: ReadonlySet<string> = new Set([
  'EXTCODECOPY',
  'EXTCODEHASH',
  'EXTCODESIZE',
  'BALANCE',
  'SELFDESTRUCT',
])
const CALLS: ReadonlySet<string> = new Set(['CALL', 'CALLCODE', 'DELEGATECALL', 'STATICCALL'])

/**
 * geth's prestateTracer (eth/tracers/native/prestate.go): every account and
 * slot the transaction touched, as it was before; with `diffMode`, only what
 * changed, before (`pre`) and after (`post`).
 */
export function createPrestateTracer(config: PrestateConfig): TxTracer {
  const pre = new Map<string, Seen>()
  const created = new Set<string>()
  const deleted = new Set<string>()
  let state: RamState | undefined

  function lookupAccount(address: string) {
    if (pre.has(address) || !state) return
    const record = state.getAccount(address)
    const codeHash = record?.codeHash ?? KECCAK256_NULL
    const code = (record && state.getCode(codeHash)) ?? new Uint8Array(0)
    const balance = record?.balance ?? 0n
    const nonce = record?.nonce ?? 0n
    pre.set(address, {
      balance,
      nonce,
      code,
      codeHash,
      storage: new Map(),
      empty: nonce === 0n && balance === 0n && code.length === 0,
    })
  }

  function lookupStorage(address: string, slot: string) {
    if (config.disableStorage || !state) return
    lookupAccount(address)
    const storage = pre.get(address)!.storage
    if (!storage.has(slot)) storage.set(slot, slotValue(state.getStorage(address, slot)))
  }

  function onOpcode(step: OpcodeStep) {
    if (!state) return
    const { stack, op } = step
    const top = stack.length - 1
    const self = hexFromBytes(step.address)
    if ((op === 'SLOAD' || op === 'SSTORE') && top >= 0) {
      lookupStorage(self, hexFromBytes(word(stack[top]!)))
    } else if (ACCOUNT_OPS.has(op) && top >= 0) {
      lookupAccount(addressOf(stack[top]!))
      // EIP-6780: a self-destruct deletes only an account created in the same transaction.
      if (op === 'SELFDESTRUCT' && created.has(self)) deleted.add(self)
    } else if (CALLS.has(op) && top >= 4) {
      lookupAccount(addressOf(stack[top - 1]!))
    } else if (op === 'CREATE') {
      const nonce = state.getAccount(self)?.nonce ?? 0n
      track(createContractAddress(new Address(step.address), nonce).bytes)
    } else if (op === 'CREATE2' && top >= 3) {
      const init = memorySlice(step.memory, Number(stack[top - 1]!), Number(stack[top - 2]!))
      track(createContractAddress2(new Address(step.address), word(stack[top - 3]!), init).bytes)
    }
  }

  function track(address: Uint8Array) {
    const key = hexFromBytes(address)
    lookupAccount(key)
    created.add(key)
  }

  return {
    start(run) {
      state = run.state
      const from = hexFromBytes(run.from)
      let to: string
      if (run.tx.to) to = hexFromBytes(run.tx.to.bytes)
      else {
        to = hexFromBytes(createContractAddress(new Address(run.from), run.tx.nonce).bytes)
        created.add(to)
      }
      lookupAccount(from)
      lookupAccount(to)
      lookupAccount(hexFromBytes(run.block.header.coinbase.bytes))
      return attachHooks(run, { onOpcode })
    },
    result() {
      const post = config.diffMode && state ? diff(pre, deleted, state, config) : undefined
      if (!config.includeEmpty) for (const [address, seen] of pre) if (seen.empty) pre.delete(address)
      const before = formatState(pre, config)
      return post ? { post, pre: before } : before
    },
  }
}

/** geth's processDiffState: `post` holds what changed; unchanged accounts and slots leave `pre`. */
function diff(
  pre: Map<string, Seen>,
  deleted: ReadonlySet<string>,
  state: RamState,
  config: PrestateConfig,
): Record<string, unknown> {
  const post: Record<string, Record<string, unknown>> = {}
  for (const [address, seen] of pre) {
    // A deleted account keeps its `pre` and has no `post`.
    if (deleted.has(address)) continue
    const now = state.getAccount(address)
    const balance = now?.balance ?? 0n
    const nonce = now?.nonce ?? 0n
    const codeHash = now?.codeHash ?? KECCAK256_NULL
    const code = (now && state.getCode(codeHash)) ?? new Uint8Array(0)
    const changed = {
      balance: balance !== seen.balance,
      code: !config.disableCode && !sameBytes(code, seen.code),
      codeHash: !sameBytes(codeHash, seen.codeHash),
      nonce: nonce !== seen.nonce,
    }
    const storage: Record<string, string> = {}
    let storageChanged = false
    for (const [slot, value] of seen.storage) {
      const current = slotValue(state.getStorage(address, slot))
      if (value === current || value === 0n) seen.storage.delete(slot)
      if (value === current) continue
      storageChanged = true
      if (current !== 0n) storage[`0x${slot}`] = wordHex(current)
    }
    const modified = storageChanged || Object.values(changed).some(Boolean)
    // geth's field order: balance, code, codeHash, nonce, storage.
    const after: Record<string, unknown> = {}
    if (changed.balance) after.balance = quantityHex(balance)
    if (changed.code) after.code = dataHex(code)
    if (changed.codeHash) after.codeHash = dataHex(codeHash)
    if (changed.nonce) after.nonce = Number(nonce)
    if (Object.keys(storage).length > 0) after.storage = storage
    if (modified) post[`0x${address}`] = after
    else pre.delete(address)
  }
  return post
}

/** geth's account JSON: balance always, nonce and code when set, storage when any slot was seen. */
function formatState(accounts: Map<string, Seen>, config: PrestateConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [address, seen] of accounts) {
    const account: Record<string, unknown> = { balance: quantityHex(seen.balance) }
    if (!config.disableCode && seen.code.length > 0) account.code = dataHex(seen.code)
    if (seen.code.length > 0) account.codeHash = dataHex(seen.codeHash)
    if (seen.nonce > 0n) account.nonce = Number(seen.nonce)
    if (seen.storage.size > 0) {
      account.storage = Object.fromEntries(
        [...seen.storage].map(([slot, value]) => [`0x${slot}`, wordHex(value)]),
      )
    }
    out[`0x${address}`] = account
  }
  return out
}

function addressOf(value: bigint): string {
  return hexFromBytes(word(value).subarray(12))
}

function slotValue(bytes: Uint8Array | undefined): bigint {
  return bytes && bytes.length > 0 ? BigInt(`0x${hexFromBytes(bytes)}`) : 0n
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
