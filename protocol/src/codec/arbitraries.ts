// Test-only: fast-check generators for every type the codecs carry. Not exported from the package.

import { keccak_256 } from '@noble/hashes/sha3.js'
import fc from 'fast-check'
import type {
  AccountDiff,
  Attestation,
  Block,
  BlockHeader,
  ChainGenesis,
  DevCommand,
  GenesisAlloc,
  LinkRequest,
  LinkResponse,
  Log,
  MiniBlock,
  Receipt,
  SealedTransaction,
  StateDiff,
  StreamEvent,
  TxInclusion,
} from '../types/index.ts'
import { hashBlockHeader } from './blockHeader.ts'
import { bytesKey } from './bytesKey.ts'
import { LINK_ROLES } from './linkRoles.ts'

export const EMPTY_CODE_HASH = keccak_256(new Uint8Array(0))

/** Plain-prototype records, so decoded objects compare strictly equal to generated ones. */
const record: typeof fc.record = (model, constraints) =>
  fc.record(model, { ...constraints, noNullPrototype: true } as typeof constraints)

const bytesOf = (length: number) => fc.uint8Array({ minLength: length, maxLength: length })
export const address = bytesOf(20)
export const hash = bytesOf(32)
const data = (maxLength: number) => fc.uint8Array({ maxLength })

/** Boundaries of every encoding path (one byte, 2^53, 2^64, 2^96, 2^256) plus uniform values. */
const edges = (max: bigint) =>
  [0n, 1n, 127n, 128n, 255n, 256n, (1n << 53n) - 1n, 1n << 53n, (1n << 64n) - 1n, (1n << 96n) - 1n, 1n << 96n]
    .filter((v) => v <= max)
    .concat([max])
const quantity = (max: bigint) => fc.oneof(fc.constantFrom(...edges(max)), fc.bigInt({ min: 0n, max }))
export const u64 = quantity((1n << 64n) - 1n)
export const u256 = quantity((1n << 256n) - 1n)
const index = fc.oneof(fc.nat(1000), fc.maxSafeNat())
const text = fc.string({ unit: 'binary', maxLength: 40 })

export const log: fc.Arbitrary<Log> = record({
  address,
  topics: fc.array(hash, { maxLength: 4 }),
  data: data(100),
})

export const receipt: fc.Arbitrary<Receipt> = fc
  .tuple(
    record({
      status: fc.constantFrom(0 as const, 1 as const),
      gasUsed: u64,
      cumulativeGasUsed: u64,
      effectiveGasPrice: u256,
      logs: fc.array(log, { maxLength: 3 }),
    }),
    fc.option(address, { nil: undefined }),
    fc.option(data(64), { nil: undefined }),
  )
  .map(([base, contractAddress, revertData]) => {
    const r: Receipt = { ...base }
    if (contractAddress) r.contractAddress = contractAddress
    if (revertData && r.status === 0) r.revertData = revertData
    return r
  })

export const accountDiff: fc.Arbitrary<AccountDiff> = fc
  .tuple(
    record({
      address,
      deleted: fc.boolean(),
      storageCleared: fc.boolean(),
      nonce: u64,
      balance: u256,
      codeHash: fc.oneof(
        hash,
        fc.constant(EMPTY_CODE_HASH).map((h) => h.slice()),
      ),
      storage: fc.array(record({ slot: hash, value: u256 }), { maxLength: 4 }),
    }),
    fc.option(data(100), { nil: undefined }),
  )
  .map(([base, code]) => (code ? { ...base, code } : base))

export const stateDiff: fc.Arbitrary<StateDiff> = record({
  accounts: fc.array(accountDiff, { maxLength: 4 }),
})

export const transaction: fc.Arbitrary<SealedTransaction> = record({ raw: data(160), hash, from: address })

export const miniBlock: fc.Arbitrary<MiniBlock> = fc
  .array(fc.tuple(transaction, receipt), { maxLength: 4 })
  .chain((pairs) =>
    record({
      number: u64,
      blockNumber: u64,
      indexInBlock: index,
      firstTxIndex: index,
      timestampUs: u64,
      gasUsed: u64,
      transactions: fc.constant(pairs.map(([tx]) => tx)),
      receipts: fc.constant(pairs.map(([, r]) => r)),
      stateDiff,
    }),
  )

export const blockHeader: fc.Arbitrary<BlockHeader> = record({
  parentHash: hash,
  uncleHash: hash,
  coinbase: address,
  stateRoot: hash,
  transactionsRoot: hash,
  receiptsRoot: hash,
  logsBloom: bytesOf(256),
  difficulty: u256,
  number: u64,
  gasLimit: u64,
  gasUsed: u64,
  timestamp: u64,
  extraData: data(32),
  mixHash: hash,
  nonce: bytesOf(8),
  baseFeePerGas: u256,
  withdrawalsRoot: hash,
  blobGasUsed: u64,
  excessBlobGas: u64,
  parentBeaconBlockRoot: hash,
  requestsHash: hash,
})

export const block: fc.Arbitrary<Block> = fc
  .record({
    header: blockHeader,
    miniBlockCount: index,
    firstMiniBlock: u64,
    transactionHashes: fc.array(hash, { maxLength: 5 }),
  })
  .map(({ header, ...rest }) => ({ header, hash: hashBlockHeader(header), ...rest }))

const attestation: fc.Arbitrary<Attestation> = record({
  blockNumber: u64,
  blockHash: hash,
  stateRoot: hash,
  receiptsRoot: hash,
  ok: fc.boolean(),
  verifier: address,
  signature: fc.tuple(bytesOf(64), fc.constantFrom(0, 1)).map(([rs, v]) => Uint8Array.of(...rs, v)),
})

export const streamEvent: fc.Arbitrary<StreamEvent> = fc.oneof(
  record({ kind: fc.constant('miniBlock' as const), seq: u64, miniBlock }),
  record({ kind: fc.constant('block' as const), seq: u64, block }),
  record({ kind: fc.constant('finality' as const), seq: u64, finalized: u64, attestation }),
  record({
    kind: fc.constant('rewind' as const),
    seq: u64,
    rewind: record({ block, miniBlockNumber: u64, stateDiff }),
  }),
)

const devCommand: fc.Arbitrary<DevCommand> = fc.oneof(
  record({ op: fc.constantFrom('setBalance' as const, 'setNonce' as const), address, value: u256 }),
  record({ op: fc.constant('setCode' as const), address, code: data(300) }),
  record({ op: fc.constant('setStorageAt' as const), address, slot: hash, value: u256 }),
  record({ op: fc.constantFrom('impersonate' as const, 'stopImpersonating' as const), address }),
  record({ op: fc.constant('mine' as const), blocks: u64, intervalSeconds: u64 }),
  record({ op: fc.constant('increaseTime' as const), seconds: u64 }),
  record({ op: fc.constant('setNextBlockTimestamp' as const), timestamp: u64 }),
  record({ op: fc.constant('autoImpersonate' as const), enabled: fc.boolean() }),
  record({ op: fc.constant('snapshot' as const) }),
  record({ op: fc.constant('revert' as const), id: u64 }),
  record({ op: fc.constant('rollback' as const), depth: u64 }),
  record({
    op: fc.constant('reorg' as const),
    depth: u64,
    blocks: fc.array(
      fc.array(fc.oneof(record({ raw: data(120) }), record({ raw: data(120), from: address })), {
        maxLength: 3,
      }),
      { maxLength: 3 },
    ),
  }),
  record({ op: fc.constant('setCoinbase' as const), address }),
  record({ op: fc.constant('setBaseFee' as const), value: u256 }),
  record({
    op: fc.constant('loadAccounts' as const),
    accounts: fc.array(
      fc.oneof(
        record({
          address,
          nonce: u64,
          balance: u256,
          code: data(100),
          storage: fc.array(record({ slot: hash, value: u256 }), { maxLength: 3 }),
        }),
        record({
          address,
          nonce: u64,
          balance: u256,
          storage: fc.array(record({ slot: hash, value: u256 }), { maxLength: 3 }),
        }),
      ),
      { maxLength: 3 },
    ),
  }),
)

export const linkRequest: fc.Arbitrary<LinkRequest> = fc.oneof(
  record({ kind: fc.constant('subscribe' as const), fromSeq: u64 }),
  record({ kind: fc.constant('subscribe' as const), fromSeq: u64, compact: fc.constant(true) }),
  record({
    kind: fc.constant('subscribe' as const),
    fromSeq: u64,
    batchMs: fc.integer({ min: 1, max: 60_000 }),
  }),
  record({ kind: fc.constant('submitTx' as const), id: index, raw: data(300) }),
  record({ kind: fc.constant('dev' as const), id: index, command: devCommand }),
  record({ kind: fc.constant('submitAs' as const), id: index, from: address, raw: data(300) }),
  record({ kind: fc.constant('getWitness' as const), id: index, blockNumber: u64 }),
  record({ kind: fc.constant('attest' as const), id: index, attestation }),
  record({ kind: fc.constant('getGenesis' as const), id: index }),
  record({ kind: fc.constant('authChallenge' as const) }),
  record({ kind: fc.constant('authenticate' as const), publicKey: hash, signature: bytesOf(64) }),
)

const inclusion: fc.Arbitrary<TxInclusion> = record({
  hash,
  miniBlockNumber: u64,
  blockNumber: u64,
  txIndex: index,
  receipt,
})

export const linkResponse: fc.Arbitrary<LinkResponse> = fc.oneof(
  record({ kind: fc.constant('event' as const), event: streamEvent }),
  record({ kind: fc.constant('txReceipt' as const), id: index, inclusion }),
  record({ kind: fc.constant('txRejected' as const), id: index, code: text, message: text }),
  record({ kind: fc.constant('error' as const), code: text, message: text }),
  record({ kind: fc.constant('devResult' as const), id: index, result: record({ value: u256, seq: u64 }) }),
  record({ kind: fc.constant('witness' as const), id: index, witness: data(300) }),
  record({ kind: fc.constant('compactEvent' as const), event: data(300) }),
  record({ kind: fc.constant('genesis' as const), id: index, genesis: data(300) }),
  record({ kind: fc.constant('challenge' as const), challenge: hash }),
  record({ kind: fc.constant('authenticated' as const), peer: text, roles: fc.subarray([...LINK_ROLES]) }),
)

const byBytes =
  <T>(key: (item: T) => Uint8Array) =>
  (a: T, b: T) =>
    compareBytes(key(a), key(b))
const compareBytes = (a: Uint8Array, b: Uint8Array) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.length - b.length
}

const genesisAlloc: fc.Arbitrary<GenesisAlloc> = record({
  address,
  nonce: u64,
  balance: u256,
  code: data(64),
  storage: fc
    .uniqueArray(record({ slot: hash, value: u256.filter((v) => v !== 0n) }), {
      maxLength: 3,
      selector: (s) => bytesKey(s.slot),
    })
    .map((slots) => slots.sort(byBytes((s) => s.slot))),
})

export const genesis: fc.Arbitrary<ChainGenesis> = record({
  chainId: u64,
  blockIntervalMs: index,
  maxTransactionGas: u64,
  block,
  accounts: fc
    .uniqueArray(genesisAlloc, { maxLength: 4, selector: (a) => bytesKey(a.address) })
    .map((accounts) => accounts.sort(byBytes((a) => a.address))),
})
