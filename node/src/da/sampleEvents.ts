// Test and bench support: small, valid, deterministic stream events.
import { type Block, type BlockHeader, hashBlockHeader, type StreamEvent } from '@rtevm/protocol'
import { EMPTY_CODE_HASH } from '../commitment/index.ts'

/** Bytes that depend on `label` and `index`, so events are distinguishable. */
function filler(length: number, label: number, index: bigint): Uint8Array {
  const out = new Uint8Array(length)
  let x = (Number(index % 0xffffffn) * 2654435761 + label * 40503) >>> 0 || 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

/**
 * A one-transaction mini-block event whose diff sets account `seq % accounts`
 * to balance `seq` and one of its slots to `seq`. `rawBytes` sizes the
 * transaction (an ERC-20 transfer is ~110).
 */
export function sampleMiniBlockEvent(
  seq: bigint,
  options: { blockNumber?: bigint; number?: bigint; rawBytes?: number; accounts?: number } = {},
): StreamEvent {
  const accounts = BigInt(options.accounts ?? 16)
  const address = filler(20, 1, seq % accounts)
  return {
    kind: 'miniBlock',
    seq,
    miniBlock: {
      number: options.number ?? seq,
      blockNumber: options.blockNumber ?? 1n,
      indexInBlock: 0,
      firstTxIndex: 0,
      timestampUs: 1_700_000_000_000_000n + seq,
      gasUsed: 21_000n,
      transactions: [
        { raw: filler(options.rawBytes ?? 110, 2, seq), hash: filler(32, 3, seq), from: address },
      ],
      receipts: [
        { status: 1, gasUsed: 21_000n, cumulativeGasUsed: 21_000n, effectiveGasPrice: 1n, logs: [] },
      ],
      stateDiff: {
        accounts: [
          {
            address,
            deleted: false,
            storageCleared: false,
            nonce: seq,
            balance: seq,
            codeHash: EMPTY_CODE_HASH,
            storage: [{ slot: filler(32, 4, seq % 4n), value: seq }],
          },
        ],
      },
    },
  }
}

/** A block event with an all-zero header except its number (the hash is real). */
export function sampleBlockEvent(seq: bigint, number: bigint, miniBlockCount = 0): StreamEvent {
  const zero32 = new Uint8Array(32)
  const header: BlockHeader = {
    parentHash: zero32,
    uncleHash: zero32,
    coinbase: new Uint8Array(20),
    stateRoot: zero32,
    transactionsRoot: zero32,
    receiptsRoot: zero32,
    logsBloom: new Uint8Array(256),
    difficulty: 0n,
    number,
    gasLimit: 30_000_000n,
    gasUsed: 0n,
    timestamp: 1_700_000_000n + number,
    extraData: new Uint8Array(0),
    mixHash: zero32,
    nonce: new Uint8Array(8),
    baseFeePerGas: 1n,
    withdrawalsRoot: zero32,
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    parentBeaconBlockRoot: zero32,
    requestsHash: zero32,
  }
  const block: Block = {
    header,
    hash: hashBlockHeader(header),
    miniBlockCount,
    firstMiniBlock: 0n,
    transactionHashes: [],
  }
  return { kind: 'block', seq, block }
}

/** The event the kill test writes at each seq: a block every 10th seq, mini-blocks between. */
export function sampleKillTestEvent(seq: bigint): StreamEvent {
  return seq % 10n === 0n ? sampleBlockEvent(seq, seq / 10n) : sampleMiniBlockEvent(seq)
}
