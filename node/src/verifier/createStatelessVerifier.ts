import type { BlockHeader, Witness } from '@rtevm/protocol'
import { hashBlockHeader, RtevmError } from '@rtevm/protocol'
import { orBloom } from '@rtevm/protocol/bloom'
import {
  applyStateDiff,
  EMPTY_TRIE_ROOT,
  encodeReceipt,
  orderedTrieRoot,
  transactionType,
} from '../block/index.ts'
import { createKeccak } from '../commitment/index.ts'
import { type CompilerOptions, createCompiledCodeCache } from '../evmCompiler/index.ts'
import {
  createChainCommon,
  createExecutor,
  createInlineRecovery,
  createTransactionDecoder,
} from '../executor/index.ts'
import { hexFromBytes } from '../state/index.ts'
import { createWitnessState, type WitnessState } from './createWitnessState.ts'
import type { BlockEdit } from './gatherBlock.ts'

/** A sealed block with what a stateless verifier needs to re-execute it. */
export type BlockToVerify = {
  header: BlockHeader
  /** The state root of block `header.number - 1`, as its header (already trusted) says. */
  parentStateRoot: Uint8Array
  /** The block's transactions in order; `from` is checked against the signature. */
  transactions: { raw: Uint8Array; from: Uint8Array }[]
  /** Changes made outside execution between them (devnet dev methods), applied in place as the sequencer did. */
  edits?: readonly BlockEdit[]
  /** The receipts root the block's receipts claim (normally `header.receiptsRoot`). */
  receiptsRoot: Uint8Array
  witness: Witness
}

/** The outcome of re-executing one block; `reason` says what differed when `ok` is false. */
export type Verification = {
  ok: boolean
  blockNumber: bigint
  blockHash: Uint8Array
  /** The state root re-execution produced (the empty root when it could not finish). */
  stateRoot: Uint8Array
  /** The receipts root re-execution produced (the empty root when it could not finish). */
  receiptsRoot: Uint8Array
  reason?: string
}

export type StatelessVerifierOptions = {
  chainId: bigint
  /** Run hot contract code compiled to JavaScript, as the sequencer does (see evmCompiler/). Default false. */
  compileContracts?: boolean
  /** Compiler, threshold and counters for compileContracts; the compiled-code cache outlives each block's executor. */
  compiler?: Partial<CompilerOptions>
}

export type StatelessVerifier = {
  /** Re-executes `block` over its witness alone. Never throws for a bad block: `ok` is false. */
  verify(block: BlockToVerify): Promise<Verification>
}

/**
 * Verifies blocks without state: each block is re-executed with the
 * sequencer's own executor (EthereumJS, same chain rules) over a RAM state
 * loaded from its witness, and the resulting state root, receipts root,
 * logs bloom, transactions root and gas are compared with the header.
 */
export function createStatelessVerifier(options: StatelessVerifierOptions): StatelessVerifier {
  const common = createChainCommon(options.chainId)
  // Each block gets a fresh executor; compiled code is kept across blocks by code hash.
  const compiler = { ...options.compiler, cache: options.compiler?.cache ?? createCompiledCodeCache() }
  const recovery = createInlineRecovery()
  const decoder = createTransactionDecoder(common, recovery)
  const keccak = createKeccak()

  async function verify(block: BlockToVerify): Promise<Verification> {
    const { header, witness } = block
    const blockHash = hashBlockHeader(header)
    const outcome = (
      reason?: string,
      roots = { stateRoot: EMPTY_TRIE_ROOT, receiptsRoot: EMPTY_TRIE_ROOT },
    ) => ({
      ok: reason === undefined,
      blockNumber: header.number,
      blockHash,
      ...roots,
      ...(reason === undefined ? {} : { reason }),
    })
    if (witness.blockNumber !== header.number)
      return outcome(`the witness is for block ${witness.blockNumber}, not ${header.number}`)
    if (!sameBytes(witness.parentStateRoot, block.parentStateRoot))
      return outcome(
        `the witness proves against ${show(witness.parentStateRoot)}, not the parent root ${show(block.parentStateRoot)}`,
      )
    const raws = block.transactions.map((tx) => tx.raw)
    const transactionsRoot = raws.length ? orderedTrieRoot(raws) : EMPTY_TRIE_ROOT
    if (!sameBytes(transactionsRoot, header.transactionsRoot))
      return outcome(
        `transactions root ${show(transactionsRoot)} differs from the header's ${show(header.transactionsRoot)}`,
      )

    let loaded: WitnessState
    try {
      loaded = createWitnessState(witness, keccak)
    } catch (error) {
      return outcome(messageOf(error))
    }
    const executor = await createExecutor({
      common,
      state: loaded.state,
      compileContracts: options.compileContracts,
      compiler,
    })
    executor.openBlock({
      number: header.number,
      timestamp: header.timestamp,
      baseFeePerGas: header.baseFeePerGas,
      gasLimit: header.gasLimit,
      coinbase: header.coinbase,
      prevRandao: header.mixHash,
    })
    const receipts: Uint8Array[] = []
    const logsBloom = new Uint8Array(256)
    let gasUsed = 0n
    const edits = block.edits ?? []
    let nextEdit = 0
    // The edits made before transaction `count` (all that are left, for the block's end).
    const applyEditsBefore = (count: number) => {
      for (; nextEdit < edits.length && edits[nextEdit].beforeTx <= count; nextEdit++)
        applyStateDiff(loaded.state, edits[nextEdit].diff, header.number)
    }
    for (const [i, { raw, from }] of block.transactions.entries()) {
      try {
        applyEditsBefore(i)
      } catch (error) {
        return outcome(`an edit before transaction ${i}: ${messageOf(loaded.missing() ?? error)}`)
      }
      try {
        const decoded = await decoder.decode(raw)
        if (!sameBytes(decoded.from, from))
          return outcome(`transaction ${i} is signed by ${show(decoded.from)}, not ${show(from)}`)
        const { receipt, bloom } = await executor.execute(decoded, gasUsed)
        receipts.push(encodeReceipt(transactionType(raw), receipt, bloom))
        orBloom(logsBloom, bloom)
        gasUsed += receipt.gasUsed
      } catch (error) {
        return outcome(`transaction ${i}: ${messageOf(loaded.missing() ?? error)}`)
      }
    }
    try {
      applyEditsBefore(Number.POSITIVE_INFINITY)
    } catch (error) {
      return outcome(`an edit after the transactions: ${messageOf(loaded.missing() ?? error)}`)
    }
    if (loaded.missing()) return outcome(messageOf(loaded.missing()))
    let stateRoot: Uint8Array
    try {
      stateRoot = loaded.postStateRoot()
    } catch (error) {
      return outcome(messageOf(error))
    }
    const roots = { stateRoot, receiptsRoot: receipts.length ? orderedTrieRoot(receipts) : EMPTY_TRIE_ROOT }
    if (gasUsed !== header.gasUsed)
      return outcome(`gas used ${gasUsed} differs from the header's ${header.gasUsed}`, roots)
    for (const [claimed, by] of [
      [block.receiptsRoot, 'the claimed'],
      [header.receiptsRoot, "the header's"],
    ] as const) {
      if (!sameBytes(roots.receiptsRoot, claimed))
        return outcome(`receipts root ${show(roots.receiptsRoot)} differs from ${by} ${show(claimed)}`, roots)
    }
    if (!sameBytes(logsBloom, header.logsBloom)) return outcome("logs bloom differs from the header's", roots)
    if (!sameBytes(stateRoot, header.stateRoot))
      return outcome(
        `state root ${show(stateRoot)} differs from the header's ${show(header.stateRoot)}`,
        roots,
      )
    return outcome(undefined, roots)
  }

  return { verify }
}

function messageOf(error: unknown): string {
  if (error instanceof RtevmError)
    return error.details ? `${error.shortMessage} (${error.details})` : error.shortMessage
  return error instanceof Error ? error.message : String(error)
}

function show(bytes: Uint8Array): string {
  return `0x${hexFromBytes(bytes)}`
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
