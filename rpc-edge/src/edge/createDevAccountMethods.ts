import {
  type BlockContext,
  type Caller,
  type CallRequest,
  type DevAccount,
  RtevmError,
  type StateReader,
} from '@rtevm/protocol'
import {
  bytesToHex,
  type Hex,
  hexToBytes,
  numberToHex,
  serializeTransaction,
  type TransactionSerializable,
  type TypedDataDefinition,
} from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import { RpcErrorCode } from '../errors/index.ts'
import { addressHex } from '../format/index.ts'
import {
  address,
  data,
  expected,
  integer,
  type MethodTable,
  method,
  optional,
  type Param,
  type RequestContext,
} from '../jsonrpc/index.ts'
import { callObject, signableObject } from './callRequest.ts'
import { devSigners } from './devSigners.ts'

export type DevAccountMethodsDeps = {
  accounts: readonly DevAccount[]
  chainId: bigint
  state: Pick<StateReader, 'getAccount'>
  caller: Caller
  blockContext(): BlockContext
  /** Tip put on transactions the edge fills in. */
  tipPerGas: bigint
  /** eth_sendRawTransaction and eth_sendRawTransactionSync, which the signed bytes go through. */
  sendMethods: MethodTable
  /**
   * Devnet impersonation: the same send methods, submitting as `from` with
   * the signature ignored. Without it, only the dev accounts can send.
   */
  impersonatedSendMethods?(from: Uint8Array): MethodTable
}

const typedDataParam: Param<TypedDataDefinition> = {
  name: 'typed data',
  optional: false,
  parse(value) {
    let parsed: unknown = value
    if (typeof value === 'string') {
      try {
        parsed = JSON.parse(value)
      } catch {
        return expected('EIP-712 typed data (an object or its JSON)', value)
      }
    }
    if (typeof parsed !== 'object' || parsed === null) return expected('EIP-712 typed data', value)
    const o = parsed as Record<string, unknown>
    if (typeof o.types !== 'object' || typeof o.primaryType !== 'string' || typeof o.message !== 'object')
      return expected('typed data with types, primaryType and message', value)
    const { EIP712Domain: _domain, ...types } = o.types as Record<string, unknown>
    return { ...o, types } as TypedDataDefinition
  },
}

/**
 * The unlocked dev accounts (keys derived from the devnet mnemonic): eth_accounts,
 * eth_sendTransaction(Sync) filled in from the replica, eth_signTransaction, eth_sign, personal_sign,
 * eth_signTypedData_v4. Keys never leave the edge; only dev keys are held.
 * With impersonation on, eth_sendTransaction from any other address goes to
 * the sequencer unsigned (it refuses unless the address is impersonated).
 */
export function createDevAccountMethods(deps: DevAccountMethodsDeps): MethodTable {
  const { state, sendMethods } = deps
  const signers = devSigners(deps.accounts)
  // Next nonce handed out per sender while its earlier sends are still in flight. Dropped when the
  // last settles: a send resolves once the replica applied it, so the state's nonce then counts it
  // (and a stale reservation would outlive an evm_revert that took the nonce back).
  const reserved = new Map<string, { next: bigint; inFlight: number }>()

  function signerOf(who: Uint8Array): PrivateKeyAccount {
    const signer = signers.get(addressHex(who).toLowerCase())
    if (!signer) throw new RtevmError(RpcErrorCode.UnknownAccount, `unknown account ${addressHex(who)}`)
    return signer
  }

  function senderOf(request: CallRequest): Uint8Array {
    if (!request.from)
      throw new RtevmError(RpcErrorCode.UnknownAccount, 'the transaction has no from address')
    return request.from
  }

  /** The next nonce of `from`: past its sends still in flight. */
  function nextNonce(from: Uint8Array): bigint {
    const stateNonce = state.getAccount(from)?.nonce ?? 0n
    const held = reserved.get(addressHex(from).toLowerCase())?.next
    return held !== undefined && held > stateNonce ? held : stateNonce
  }

  function release(key: string) {
    const entry = reserved.get(key)
    if (entry && --entry.inFlight <= 0) reserved.delete(key)
  }

  async function signTransaction(request: CallRequest): Promise<{ raw: Hex; from: string; signed: boolean }> {
    const from = senderOf(request)
    const key = addressHex(from).toLowerCase()
    const signer = deps.impersonatedSendMethods ? signers.get(key) : signerOf(from)
    const nonce = nextNonce(from)
    // Reserved before gas estimation awaits, so concurrent sends from one account take distinct nonces.
    reserved.set(key, { next: nonce + 1n, inFlight: (reserved.get(key)?.inFlight ?? 0) + 1 })
    const fields = await fillTransaction(deps, request, nonce)
    if (!signer) return { raw: serializeTransaction(fields, fillerSignature(from)), from: key, signed: false }
    return { raw: await signer.signTransaction(fields), from: key, signed: true }
  }

  async function send(name: string, params: unknown[], request: CallRequest, ctx: RequestContext) {
    const key = request.from ? addressHex(request.from).toLowerCase() : ''
    try {
      const { raw, signed } = await signTransaction(request)
      const methods = signed ? sendMethods : deps.impersonatedSendMethods!(request.from!)
      return await methods[name].handler([hexToBytes(raw), ...params], ctx)
    } catch (error) {
      // The nonce may not have been used: start again from the replica's.
      reserved.delete(key)
      throw error
    } finally {
      release(key)
    }
  }

  return {
    eth_accounts: method([], () => [...signers.addresses]),
    eth_sendTransaction: method([callObject()], ([request], ctx) =>
      send('eth_sendRawTransaction', [], request, ctx),
    ),
    eth_sendTransactionSync: method(
      [callObject(), optional(integer('timeout ms'))],
      ([request, timeout], ctx) =>
        send('eth_sendRawTransactionSync', timeout === undefined ? [] : [timeout], request, ctx),
    ),
    // Signed as eth_sendTransaction would send it (with the caller's nonce if it gave one), not
    // sent and its nonce not reserved: the caller may send it with eth_sendRawTransaction, or not.
    // Only dev accounts have keys here.
    eth_signTransaction: method([signableObject()], async ([{ request, nonce }]) => {
      const from = senderOf(request)
      const signer = signerOf(from)
      return signer.signTransaction(await fillTransaction(deps, request, nonce ?? nextNonce(from)))
    }),
    eth_sign: method([address(), data('message')], ([who, message]) =>
      signerOf(who).signMessage({ message: { raw: message } }),
    ),
    personal_sign: method([data('message'), address()], ([message, who]) =>
      signerOf(who).signMessage({ message: { raw: message } }),
    ),
    eth_signTypedData_v4: method([address(), typedDataParam], ([who, typed]) =>
      signerOf(who).signTypedData(typed),
    ),
  }
}

/**
 * The signature an impersonated transaction carries: never checked, but it
 * makes the bytes (and so the hash) differ per sender. r = 2^160 + sender
 * is non-zero and below the curve order, so every decoder accepts it.
 */
export function fillerSignature(from: Uint8Array): { r: Hex; s: Hex; yParity: 0 } {
  const r = (1n << 160n) + BigInt(bytesToHex(from))
  return { r: numberToHex(r, { size: 32 }), s: numberToHex(1n, { size: 32 }), yParity: 0 }
}

/** The transaction eth_sendTransaction would send for `request`, with gas and fees filled in. */
export async function fillTransaction(
  deps: Pick<DevAccountMethodsDeps, 'caller' | 'blockContext' | 'tipPerGas' | 'chainId'>,
  request: CallRequest,
  nonce: bigint,
): Promise<TransactionSerializable> {
  const { caller, tipPerGas } = deps
  const context = deps.blockContext()
  const legacy = request.gasPrice !== undefined
  const maxPriorityFeePerGas = request.maxPriorityFeePerGas ?? tipPerGas
  const maxFeePerGas = request.maxFeePerGas ?? context.baseFeePerGas * 2n + maxPriorityFeePerGas
  const gas =
    request.gas ??
    (await caller.estimateGas(legacy ? request : { ...request, maxFeePerGas, maxPriorityFeePerGas }, context))
  const common = {
    chainId: Number(deps.chainId),
    nonce: Number(nonce),
    gas,
    to: request.to ? addressHex(request.to) : undefined,
    value: request.value ?? 0n,
    data: request.data ? bytesToHex(request.data) : undefined,
    accessList: request.accessList?.map((entry) => ({
      address: addressHex(entry.address),
      storageKeys: entry.storageKeys.map((k) => bytesToHex(k)),
    })),
  }
  if (request.authorizationList) {
    const authorizationList = request.authorizationList.map((a) => ({
      chainId: Number(a.chainId),
      address: addressHex(a.address),
      nonce: Number(a.nonce),
      yParity: a.yParity,
      r: numberToHex(a.r, { size: 32 }),
      s: numberToHex(a.s, { size: 32 }),
    }))
    return { ...common, type: 'eip7702', maxFeePerGas, maxPriorityFeePerGas, authorizationList }
  }
  return legacy
    ? { ...common, type: 'eip2930', gasPrice: request.gasPrice }
    : { ...common, type: 'eip1559', maxFeePerGas, maxPriorityFeePerGas }
}
