import {
  type BlockSource,
  ErrorCode,
  type MiniBlock,
  RtevmError,
  type StateReader,
  type Tracer,
} from '@rtevm/protocol'
import { bytesToHex } from 'viem'
import type { CallFrameJson } from './otterscanTrace.ts'
import { sameBytes } from './searchAddressHistory.ts'

/** Otterscan's `ots_getContractCreator` answer: the creating transaction and who ran the CREATE. */
export type ContractCreator = { hash: `0x${string}`; creator: `0x${string}` }

/**
 * Who created the contract now at `address`. The kept mini-blocks are
 * scanned newest first for the state diff that deployed its code (cheap:
 * no execution); in that mini-block, a receipt's `contractAddress` names
 * a top-level deployment, and otherwise its transactions are re-run with
 * the callTracer to find the CREATE or CREATE2 frame, whose caller is the
 * creator. No code: null; code from genesis: null; deployed before the
 * oldest mini-block kept: NOT_FOUND.
 */
export async function findContractCreator(
  blocks: BlockSource,
  state: StateReader,
  tracer: Tracer,
  address: Uint8Array,
): Promise<ContractCreator | null> {
  if (state.getCode(address).length === 0) return null
  let n = blocks.head().miniBlock
  for (; n >= 1n; n--) {
    const miniBlock = blocks.getMiniBlock(n)
    if (!miniBlock) break
    const deployed = miniBlock.stateDiff.accounts.some((a) => a.code && sameBytes(a.address, address))
    if (deployed) return creatorIn(miniBlock, tracer, address)
  }
  if (n === 0n) return null
  throw new RtevmError(
    ErrorCode.NotFound,
    `the contract at ${bytesToHex(address)} was created before the oldest mini-block this node keeps`,
  )
}

async function creatorIn(
  miniBlock: MiniBlock,
  tracer: Tracer,
  address: Uint8Array,
): Promise<ContractCreator | null> {
  const { transactions, receipts } = miniBlock
  for (let i = transactions.length - 1; i >= 0; i--) {
    const created = receipts[i].contractAddress
    if (receipts[i].status === 1 && created && sameBytes(created, address)) {
      return { hash: bytesToHex(transactions[i].hash), creator: bytesToHex(transactions[i].from) }
    }
  }
  const target = bytesToHex(address)
  for (let i = transactions.length - 1; i >= 0; i--) {
    if (receipts[i].status !== 1) continue
    const top = (await tracer.traceTransaction(transactions[i].hash, { kind: 'call' })) as CallFrameJson
    const creator = createFrameOf(top, target)?.from
    if (creator) return { hash: bytesToHex(transactions[i].hash), creator }
  }
  return null
}

/** The last successful CREATE or CREATE2 frame that made `target` (a failed one has no `to`). */
function createFrameOf(frame: CallFrameJson, target: string): CallFrameJson | undefined {
  let found: CallFrameJson | undefined
  if ((frame.type === 'CREATE' || frame.type === 'CREATE2') && frame.to === target) found = frame
  for (const call of frame.calls ?? []) found = createFrameOf(call, target) ?? found
  return found
}
