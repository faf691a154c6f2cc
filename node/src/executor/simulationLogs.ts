import type { Log } from '@rtevm/protocol'
import { type FrameEnter, type TraceHooks, word } from './trace/attachHooks.ts'

/** ERC-7528's stand-in address for ether, the emitter of traced transfers (geth's `transferAddress`). */
export const ETHER_ADDRESS = new Uint8Array(20).fill(0xee)

/** keccak256("Transfer(address,address,uint256)"), as an ERC-20 transfer. */
const TRANSFER_TOPIC = Uint8Array.from(
  Buffer.from('ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef', 'hex'),
)

function padded(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(32)
  out.set(bytes, 32 - bytes.length)
  return out
}

/**
 * One transaction's logs in execution order, with ether transfers as
 * ERC-20-style logs from `ETHER_ADDRESS` when `traceTransfers` (eth_simulateV1,
 * as geth's simulate tracer). Logs are kept per open call frame, so a frame
 * that fails takes its logs, and its transfers, with it.
 */
export function createSimulationLogs(traceTransfers: boolean): { hooks: TraceHooks; logs(): Log[] } {
  const frames: Frame[] = []
  return {
    hooks: {
      onEnter(enter) {
        const frame: Frame = { logs: [], enter }
        frames.push(frame)
        // DELEGATECALL and CALLCODE run foreign code with the caller's balance: nothing moves.
        const moves = enter.type !== 'DELEGATECALL' && enter.type !== 'CALLCODE'
        if (traceTransfers && moves && enter.value && enter.value > 0n) {
          // A create's address is known only once the EVM picks it: the recipient topic is set on exit.
          frame.transfer = {
            address: ETHER_ADDRESS,
            topics: [TRANSFER_TOPIC, padded(enter.from), enter.to ? padded(enter.to) : new Uint8Array(32)],
            data: word(enter.value),
          }
          frame.logs.push(frame.transfer)
        }
      },
      onExit(exit) {
        const frame = exit.depth === 0 ? frames[0] : frames.pop()
        if (!frame) return
        if (frame.transfer && frame.enter.to) frame.transfer.topics[2] = padded(frame.enter.to)
        // The transaction's own frame stays, emptied if it failed: logs() reads it.
        if (exit.depth === 0) {
          if (exit.error !== undefined) frame.logs.splice(0)
          return
        }
        if (exit.error === undefined) frames[frames.length - 1]?.logs.push(...frame.logs)
      },
      onLog(log) {
        frames[frames.length - 1]?.logs.push({ address: log.address, topics: log.topics, data: log.data })
      },
    },
    logs: () => frames[0]?.logs ?? [],
  }
}

/** An open call frame: its logs so far (its ended children's included), and its transfer, if any. */
type Frame = { logs: Log[]; enter: FrameEnter; transfer?: Log }
