import { existsSync, readFileSync } from 'node:fs'
import { compileTestContracts } from '@rtevm/testkit'
import {
  type Address,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  type Hex,
  http,
  zeroAddress,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEdge, type TestEdge, testDevAccounts } from './edgeTestSupport.ts'

/**
 * rtevm against ethereum/execution-apis (src/eth, src/debug, src/txpool and src/schemas at
 * 033ca6e) and against its own table, rpc-edge/CONFORMANCE.md. The result
 * schemas below are transcribed from the spec's schema files (field names,
 * required lists, hex patterns); the spec repository is not read at test time.
 */

/** The JSON Schema subset the spec's result schemas use. `$ref` names an entry of `schemas`. */
type Schema = {
  $ref?: string
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array'
  pattern?: RegExp
  const?: string | number
  minimum?: number
  maximum?: number
  required?: readonly string[]
  properties?: Readonly<Record<string, Schema>>
  additionalProperties?: false | Schema
  items?: Schema
  allOf?: readonly Schema[]
  anyOf?: readonly Schema[]
  oneOf?: readonly Schema[]
}

const ref = ($ref: string): Schema => ({ $ref })
const hex = (pattern: RegExp): Schema => ({ type: 'string', pattern })
const arrayOf = (items: Schema): Schema => ({ type: 'array', items })
const nullOr = (schema: Schema): Schema => ({ oneOf: [ref('notFound'), schema] })
/** `'a b c'` → `['a', 'b', 'c']`: a required list, in the spec's order. */
const words = (list: string): string[] => list.trim().split(/\s+/)
/** `'field:schema …'` → properties, each a `$ref`, plus `extra` written out. */
const props = (list: string, extra: Record<string, Schema> = {}): Record<string, Schema> => ({
  ...Object.fromEntries(words(list).map((entry) => [entry.split(':')[0], ref(entry.split(':')[1])])),
  ...extra,
})
const txType = (n: number): Schema => hex(new RegExp(`^0x${n}$`))
const toOrCreate: Schema = { oneOf: [{ type: 'null' }, ref('address')] }
const typedTx = 'nonce:uint gas:uint value:uint input:bytes chainId:uint accessList:AccessList'
const fees = 'maxPriorityFeePerGas:uint maxFeePerGas:uint gasPrice:uint'
/** A signed transaction: its unsigned schema and the signature fields (legacy: `v`, typed: `yParity`). */
const signed = (unsigned: string, legacy = false): Schema => ({
  type: 'object',
  allOf: [
    ref(unsigned),
    legacy
      ? { required: words('v r s'), properties: props('v:uint r:uint s:uint') }
      : { required: words('yParity r s'), properties: props('yParity:byte v:byte r:uint s:uint') },
  ],
})

const schemas: Record<string, Schema> = {
  // base-types.yaml
  address: hex(/^0x[0-9a-fA-F]{40}$/),
  byte: hex(/^0x[0-9a-f]{1,2}$/),
  bytes: hex(/^0x[0-9a-f]*$/),
  bytesMax32: hex(/^0x[0-9a-f]{0,64}$/),
  bytes4: hex(/^0x[0-9a-f]{8}$/),
  bytes8: hex(/^0x[0-9a-f]{16}$/),
  bytes32: hex(/^0x[0-9a-f]{64}$/),
  bytes65: hex(/^0x[0-9a-f]{130}$/),
  bytes256: hex(/^0x[0-9a-f]{512}$/),
  ratio: { type: 'number', minimum: 0, maximum: 1 },
  uint: hex(/^0x(0|[1-9a-f][0-9a-f]*)$/),
  uint64: hex(/^0x(0|[1-9a-f][0-9a-f]{0,15})$/),
  uint256: hex(/^0x(0|[1-9a-f][0-9a-f]{0,63})$/),
  uintDecimal: hex(/^(0|[1-9][0-9]*)$/),
  hash32: hex(/^0x[0-9a-f]{64}$/),
  notFound: { type: 'null' },
  // block.yaml
  Block: {
    type: 'object',
    required: words(`hash parentHash sha3Uncles miner stateRoot transactionsRoot receiptsRoot logsBloom number
      gasLimit gasUsed timestamp extraData mixHash nonce size transactions uncles`),
    properties: props(
      `hash:hash32 parentHash:hash32 sha3Uncles:hash32 miner:address stateRoot:hash32 transactionsRoot:hash32
      receiptsRoot:hash32 logsBloom:bytes256 difficulty:uint number:uint gasLimit:uint gasUsed:uint timestamp:uint
      extraData:bytes mixHash:hash32 nonce:bytes8 baseFeePerGas:uint withdrawalsRoot:hash32 blobGasUsed:uint
      excessBlobGas:uint parentBeaconBlockRoot:hash32 size:uint requestsHash:hash32 blockAccessListHash:hash32`,
      {
        transactions: { anyOf: [arrayOf(ref('hash32')), arrayOf(ref('TransactionInfo'))] },
        withdrawals: arrayOf(ref('Withdrawal')),
        uncles: arrayOf(ref('hash32')),
      },
    ),
  },
  // withdrawal.yaml
  Withdrawal: {
    type: 'object',
    required: words('index validatorIndex address amount'),
    additionalProperties: false,
    properties: props('index:uint64 validatorIndex:uint64 address:address amount:uint256'),
  },
  // transaction.yaml
  AccessListEntry: {
    type: 'object',
    required: words('address storageKeys'),
    additionalProperties: false,
    properties: props('address:address', { storageKeys: arrayOf(ref('hash32')) }),
  },
  AccessList: arrayOf(ref('AccessListEntry')),
  AuthorizationList: arrayOf({
    type: 'object',
    required: words('chainId nonce address yParity r s'),
    properties: props('chainId:uint nonce:uint address:address yParity:byte r:uint256 s:uint256'),
  }),
  Transaction7702Unsigned: {
    type: 'object',
    required: words(`type nonce to gas value input maxPriorityFeePerGas maxFeePerGas accessList chainId
      authorizationList`),
    properties: props(`to:address ${typedTx} ${fees} authorizationList:AuthorizationList`, {
      type: txType(4),
    }),
  },
  Transaction4844Unsigned: {
    type: 'object',
    required: words(`type nonce to gas value input maxPriorityFeePerGas maxFeePerGas maxFeePerBlobGas
      accessList blobVersionedHashes chainId`),
    properties: props(`to:address ${typedTx} ${fees} maxFeePerBlobGas:uint`, {
      type: txType(3),
      blobVersionedHashes: arrayOf(ref('hash32')),
    }),
  },
  Transaction1559Unsigned: {
    type: 'object',
    required: words(
      'type nonce gas value input maxFeePerGas maxPriorityFeePerGas gasPrice chainId accessList',
    ),
    properties: props(`${typedTx} ${fees}`, { type: txType(2), to: toOrCreate }),
  },
  Transaction2930Unsigned: {
    type: 'object',
    required: words('type nonce gas value input gasPrice chainId accessList'),
    properties: props(`${typedTx} gasPrice:uint`, { type: txType(1), to: toOrCreate }),
  },
  TransactionLegacyUnsigned: {
    type: 'object',
    required: words('type nonce gas value input gasPrice'),
    properties: props('nonce:uint gas:uint value:uint input:bytes gasPrice:uint chainId:uint', {
      type: txType(0),
      to: toOrCreate,
    }),
  },
  TransactionSigned: {
    oneOf: [
      signed('Transaction7702Unsigned'),
      signed('Transaction4844Unsigned'),
      signed('Transaction1559Unsigned'),
      signed('Transaction2930Unsigned'),
      signed('TransactionLegacyUnsigned', true),
    ],
  },
  TransactionInfo: {
    type: 'object',
    allOf: [
      {
        required: words('blockHash blockNumber blockTimestamp from hash transactionIndex'),
        properties: props(
          'blockHash:hash32 blockNumber:uint blockTimestamp:uint from:address hash:hash32 transactionIndex:uint',
        ),
      },
      ref('TransactionSigned'),
    ],
  },
  // receipt.yaml
  Log: {
    type: 'object',
    required: words('transactionHash'),
    additionalProperties: false,
    properties: props(
      `logIndex:uint transactionIndex:uint transactionHash:hash32 blockHash:hash32 blockNumber:uint
      blockTimestamp:uint address:address data:bytes`,
      { removed: { type: 'boolean' }, topics: arrayOf(ref('bytes32')) },
    ),
  },
  ReceiptInfo: {
    type: 'object',
    required: words(`blockHash blockNumber from cumulativeGasUsed gasUsed logs logsBloom transactionHash
      transactionIndex effectiveGasPrice`),
    additionalProperties: false,
    properties: props(
      `type:byte transactionHash:hash32 transactionIndex:uint blockHash:hash32 blockNumber:uint from:address
      cumulativeGasUsed:uint gasUsed:uint blobGasUsed:uint logsBloom:bytes256 root:hash32 status:uint
      effectiveGasPrice:uint blobGasPrice:uint`,
      {
        to: toOrCreate,
        contractAddress: { oneOf: [ref('address'), { type: 'null' }] },
        logs: arrayOf(ref('Log')),
      },
    ),
  },
  // filter.yaml
  FilterResults: { oneOf: [arrayOf(ref('hash32')), arrayOf(ref('Log'))] },
  // state.yaml
  AccountProof: {
    type: 'object',
    required: words('address accountProof balance codeHash nonce storageHash storageProof'),
    additionalProperties: false,
    properties: props('address:address balance:uint256 codeHash:hash32 nonce:uint64 storageHash:hash32', {
      accountProof: arrayOf(ref('bytes')),
      storageProof: arrayOf(ref('StorageProof')),
    }),
  },
  StorageProof: {
    type: 'object',
    required: words('key value proof'),
    additionalProperties: false,
    properties: props('key:bytesMax32 value:uint256', { proof: arrayOf(ref('bytes')) }),
  },
  // client.yaml
  SyncingStatus: {
    oneOf: [
      {
        type: 'object',
        additionalProperties: false,
        properties: props('startingBlock:uint currentBlock:uint highestBlock:uint'),
      },
      { type: 'boolean' },
    ],
  },
  ConfigurationResponse: {
    type: 'object',
    required: words('current next last'),
    additionalProperties: false,
    properties: props('current:ConfigObject', {
      next: { oneOf: [ref('ConfigObject'), { type: 'null' }] },
      last: { oneOf: [ref('ConfigObject'), { type: 'null' }] },
    }),
  },
  ConfigObject: {
    type: 'object',
    required: words('activationTime'),
    additionalProperties: false,
    properties: props('blobSchedule:BlobSchedule chainId:uint forkId:bytes4', {
      activationTime: { type: 'number' },
      precompiles: { type: 'object', additionalProperties: ref('address') },
      systemContracts: { type: 'object', additionalProperties: ref('address') },
    }),
  },
  BlobSchedule: {
    type: 'object',
    required: words('baseFeeUpdateFraction max target'),
    additionalProperties: false,
    properties: {
      baseFeeUpdateFraction: { type: 'integer', minimum: 0 },
      max: { type: 'integer', minimum: 0 },
      target: { type: 'integer', minimum: 0 },
    },
  },
  // txpool.yaml
  TxpoolStatus: {
    type: 'object',
    required: words('pending queued'),
    properties: props('pending:uint queued:uint'),
  },
  PendingTransactionInfo: {
    type: 'object',
    allOf: [
      {
        required: words('from hash'),
        properties: props('from:address hash:hash32', {
          blockHash: { type: 'null' },
          blockNumber: { type: 'null' },
          blockTimestamp: { type: 'null' },
          transactionIndex: { type: 'null' },
        }),
      },
      ref('TransactionSigned'),
    ],
  },
  TxpoolContentByAddress: { type: 'object', additionalProperties: ref('PendingTransactionInfo') },
  TxpoolContentAddressMap: { type: 'object', additionalProperties: ref('TxpoolContentByAddress') },
  TxpoolContent: {
    type: 'object',
    required: words('pending queued'),
    properties: props('pending:TxpoolContentAddressMap queued:TxpoolContentAddressMap'),
  },
  TxpoolContentFromResult: {
    type: 'object',
    required: words('pending queued'),
    properties: props('pending:TxpoolContentByAddress queued:TxpoolContentByAddress'),
  },
  // opcode-tracer.yaml
  StructLog: {
    type: 'object',
    required: words('pc op gas gasCost depth'),
    properties: props('returnData:bytes', {
      pc: { type: 'integer', minimum: 0 },
      op: { type: 'string' },
      gas: { type: 'integer', minimum: 0 },
      gasCost: { type: 'integer', minimum: 0 },
      depth: { type: 'integer', minimum: 1 },
      error: { type: 'string' },
      refund: { type: 'integer', minimum: 0 },
      stack: arrayOf(ref('uint256')),
      memory: arrayOf(ref('bytes32')),
      storage: { type: 'object', additionalProperties: ref('bytes32') },
    }),
  },
  OpcodeTransactionTrace: {
    type: 'object',
    required: words('gas failed returnValue structLogs'),
    properties: props('returnValue:bytes', {
      gas: { type: 'integer', minimum: 0 },
      failed: { type: 'boolean' },
      structLogs: arrayOf(ref('StructLog')),
    }),
  },
  OpcodeBlockTransactionTrace: {
    type: 'object',
    required: words('txHash result'),
    properties: props('txHash:hash32 result:OpcodeTransactionTrace'),
  },
  // execute.yaml
  EthSimulateResult: arrayOf(ref('EthSimulateBlockResultSingleSuccess')),
  EthSimulateBlockResultSingleSuccess: {
    type: 'object',
    allOf: [
      ref('Block'),
      { type: 'object', required: words('calls'), properties: props('calls:CallResults') },
    ],
  },
  CallResults: arrayOf({ oneOf: [ref('CallResultFailure'), ref('CallResultSuccess')] }),
  CallResultFailure: {
    type: 'object',
    required: words('status returnData gasUsed error'),
    properties: props('returnData:bytes gasUsed:uint64 maxUsedGas:uint64', {
      status: hex(/^0x0$/),
      error: {
        oneOf: [
          {
            type: 'object',
            required: words('code message'),
            properties: { code: { const: 3 }, message: hex(/^execution reverted.*/) },
          },
          {
            type: 'object',
            properties: { code: { const: -32015 }, message: hex(/^vm execution error.*/) },
          },
        ],
      },
    }),
  },
  CallResultSuccess: {
    type: 'object',
    required: words('status returnData gasUsed logs'),
    properties: props('returnData:bytes gasUsed:uint64 maxUsedGas:uint64', {
      status: hex(/^0x1$/),
      logs: arrayOf(ref('Log')),
    }),
  },
  // The inline result schemas of eth_createAccessList (eth/execute.yaml) and eth_feeHistory (eth/fee_market.yaml).
  CreateAccessListResult: {
    type: 'object',
    additionalProperties: false,
    properties: props('accessList:AccessList gasUsed:uint', { error: { type: 'string' } }),
  },
  FeeHistoryResult: {
    type: 'object',
    required: words('oldestBlock baseFeePerGas gasUsedRatio'),
    additionalProperties: false,
    properties: props('oldestBlock:uint', {
      baseFeePerGas: arrayOf(ref('uint')),
      baseFeePerBlobGas: arrayOf(ref('uint')),
      gasUsedRatio: arrayOf(ref('ratio')),
      blobGasUsedRatio: arrayOf(ref('ratio')),
      reward: arrayOf(arrayOf(ref('uint'))),
    }),
  },
}

/** Every way `value` fails `schema`, each with its JSON path; empty when it conforms. */
function violations(schema: Schema, value: unknown, path = '$'): string[] {
  if (schema.$ref) {
    const target = schemas[schema.$ref]
    if (!target) throw new Error(`no schema ${schema.$ref}`)
    return violations(target, value, path)
  }
  const integer = schema.type === 'integer' && Number.isInteger(value)
  if (schema.type && kindOf(value) !== schema.type && !integer)
    return [`${path}: ${JSON.stringify(value)} is not ${schema.type}`]
  const errors: string[] = []
  if (schema.const !== undefined && value !== schema.const)
    errors.push(`${path}: ${JSON.stringify(value)} is not ${schema.const}`)
  if (schema.pattern && typeof value === 'string' && !schema.pattern.test(value))
    errors.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`)
  if (
    typeof value === 'number' &&
    !(value >= (schema.minimum ?? value) && value <= (schema.maximum ?? value))
  )
    errors.push(`${path}: ${value} out of [${schema.minimum}, ${schema.maximum}]`)
  if (kindOf(value) === 'object') {
    const record = value as Record<string, unknown>
    for (const key of schema.required ?? [])
      if (record[key] === undefined) errors.push(`${path}: missing ${key}`)
    for (const [key, field] of Object.entries(record)) {
      const known = schema.properties?.[key]
      const other = schema.additionalProperties
      if (known) errors.push(...violations(known, field, `${path}.${key}`))
      else if (other === false) errors.push(`${path}: unexpected field ${key}`)
      else if (other) errors.push(...violations(other, field, `${path}.${key}`))
    }
  }
  if (Array.isArray(value) && schema.items) {
    for (const [i, item] of value.entries()) errors.push(...violations(schema.items, item, `${path}[${i}]`))
  }
  for (const part of schema.allOf ?? []) errors.push(...violations(part, value, path))
  if (schema.anyOf && !schema.anyOf.some((option) => violations(option, value, path).length === 0))
    errors.push(`${path}: matches none of anyOf (nearest: ${nearest(schema.anyOf, value, path)})`)
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((option) => violations(option, value, path).length === 0).length
    if (matching !== 1)
      errors.push(`${path}: matches ${matching} of oneOf (nearest: ${nearest(schema.oneOf, value, path)})`)
  }
  return errors
}

function kindOf(value: unknown): Schema['type'] {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  const kind = typeof value
  return kind === 'string' || kind === 'number' || kind === 'boolean' || kind === 'object' ? kind : undefined
}

/** The option with the fewest violations, which is most likely the one meant. */
function nearest(options: readonly Schema[], value: unknown, path: string): string {
  const each = options.map((option) => violations(option, value, path))
  return each.reduce((a, b) => (b.length < a.length ? b : a)).join('; ')
}

describe('the schema checker', () => {
  it('rejects what the spec rejects', () => {
    expect(violations(ref('uint'), '0x01')).toHaveLength(1)
    expect(violations(ref('uint'), '0x0')).toEqual([])
    expect(violations(ref('StorageProof'), { key: '0x0', value: '0x1', proof: [], extra: 1 })).toEqual([
      '$: unexpected field extra',
    ])
    expect(violations(ref('AccountProof'), {})).toHaveLength(7)
    expect(violations(ref('StructLog'), { pc: 1.5, op: 'STOP', gas: 0, gasCost: 0, depth: 1 })).toHaveLength(
      1,
    )
    // Both branches of FilterResults take an empty array: strict oneOf rejects it (the cases below avoid it).
    expect(violations(ref('FilterResults'), [])).toHaveLength(1)
    expect(violations(nullOr(ref('hash32')), null)).toEqual([])
    expect(violations({ const: 3 }, -32015)).toHaveLength(1)
    expect(
      violations(ref('FeeHistoryResult'), { oldestBlock: '0x1', baseFeePerGas: [], gasUsedRatio: [2] }),
    ).toEqual(['$.gasUsedRatio[0]: 2 out of [0, 1]'])
  })
})

const [dev0, dev1] = testDevAccounts
const { token, probe } = compileTestContracts()
const zeroHash = `0x${'0'.repeat(64)}`
/** Plain value transfers go here: dev1 ends up delegated (EIP-7702) to a contract that takes no ether. */
const recipient = '0x000000000000000000000000000000000000bEEF'
const slot0 = `0x${'0'.repeat(64)}` as Hex

type Fixture = {
  token: Address
  /** One transaction of each type rtevm admits (and a contract creation), in sealed blocks. */
  txs: Record<'creation' | 'eip1559' | 'legacy' | 'eip2930' | 'eip7702', Hex>
  /** The sealed block holding the EIP-7702 transaction (the last sent, which logs). */
  block: { number: string; hash: string }
  /** Signed by dev0, not yet sent. */
  raw: Hex
  filters: { logs: string; blocks: string; pending: string }
}

let running: TestEdge
let fixture: Fixture

type Answer = { result?: unknown; error?: { code: number; message: string } }

async function rpc(method: string, params: unknown): Promise<Answer> {
  const response = await fetch(running.edge.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return (await response.json()) as Answer
}

async function result(method: string, params: unknown[]): Promise<unknown> {
  const answer = await rpc(method, params)
  if (answer.error) throw new Error(`${method}: ${answer.error.code} ${answer.error.message}`)
  return answer.result
}

beforeAll(async () => {
  running = await startTestEdge()
  const { edge, sequencer } = running
  // Installed first, so each has changes to report once the transactions below are in.
  const filters = {
    logs: (await result('eth_newFilter', [{ fromBlock: '0x0' }])) as string,
    blocks: (await result('eth_newBlockFilter', [])) as string,
    pending: (await result('eth_newPendingTransactionFilter', [])) as string,
  }
  const chain = defineChain({
    id: 31337,
    name: 'rtevm conformance',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [edge.url] } },
  })
  const transport = http(edge.url, { retryCount: 0 })
  const wallet = createWalletClient({ chain, transport, account: privateKeyToAccount(dev0.privateKey) })
  const authority = createWalletClient({ chain, transport, account: privateKeyToAccount(dev1.privateKey) })
  // Each send answers once this edge's replica applied its mini-block, so the next reads see it.
  const creation = await wallet.deployContract({
    abi: token.abi,
    bytecode: token.bytecode,
    args: [1_000_000n],
  })
  const deployed = (await result('eth_getTransactionReceipt', [creation])) as { contractAddress: Address }
  const to = deployed.contractAddress
  const data = encodeFunctionData({ abi: token.abi, functionName: 'transfer', args: [dev1.address, 5n] })
  const eip1559 = await wallet.sendTransaction({ to, data })
  const legacy = await wallet.sendTransaction({ to: recipient, value: 1n, type: 'legacy' })
  const eip2930 = await wallet.sendTransaction({
    to,
    data,
    type: 'eip2930',
    accessList: [{ address: to, storageKeys: [slot0] }],
  })
  const probeCreation = await wallet.deployContract({ abi: probe.abi, bytecode: probe.bytecode })
  const probed = (await result('eth_getTransactionReceipt', [probeCreation])) as { contractAddress: Address }
  const authorization = await authority.signAuthorization({ contractAddress: probed.contractAddress })
  const eip7702 = await wallet.sendTransaction({
    authorizationList: [authorization],
    to: dev1.address,
    data: encodeFunctionData({ abi: probe.abi, functionName: 'bump', args: ['0x01'] }),
  })
  await sequencer.sealBlock()
  const included = (await result('eth_getTransactionReceipt', [eip7702])) as { blockNumber: string }
  while (edge.replica.head().block < BigInt(included.blockNumber)) await new Promise((r) => setTimeout(r, 5))
  const sealed = (await result('eth_getBlockByNumber', [included.blockNumber, false])) as { hash: string }
  const raw = await wallet.signTransaction(
    await wallet.prepareTransactionRequest({ to: recipient, value: 2n }),
  )
  fixture = {
    token: to,
    txs: { creation, eip1559, legacy, eip2930, eip7702 },
    block: { number: included.blockNumber, hash: sealed.hash },
    raw,
    filters,
  }
})

afterAll(async () => {
  await running?.close()
})

/**
 * One call of a method the spec defines and rtevm serves, and the spec's result schema: `name` is
 * the method, then what the call is about. Where the fixture guarantees a value, the schema is the
 * spec's non-null branch, so a `null` (the spec's `notFound`) fails.
 */
type Case = [name: string, params: (f: Fixture) => unknown[], schema: Schema]

const balanceOf = (f: Fixture) => ({
  from: dev0.address,
  to: f.token,
  data: encodeFunctionData({ abi: token.abi, functionName: 'balanceOf', args: [dev1.address] }),
})
const atHash = (f: Fixture) => ({ blockHash: f.block.hash })
/** A simulated block of two calls: a token transfer (logs) and one that reverts (to the zero address). */
const simulation = (f: Fixture) => ({
  blockStateCalls: [
    {
      calls: [dev1.address, zeroAddress].map((to) => ({
        from: dev0.address,
        to: f.token,
        data: encodeFunctionData({ abi: token.abi, functionName: 'transfer', args: [to, 1n] }),
      })),
    },
  ],
})
const [uint, bytes, hash32, filterResults] = [ref('uint'), ref('bytes'), ref('hash32'), ref('FilterResults')]
const [block, transaction, receipt] = [ref('Block'), ref('TransactionInfo'), ref('ReceiptInfo')]
const opcodeTrace = ref('OpcodeTransactionTrace')
const blockTrace = arrayOf(ref('OpcodeBlockTransactionTrace'))
const namedBlockTrace = arrayOf({
  type: 'object',
  required: words('txHash result'),
  properties: props('txHash:hash32'),
})

const cases: Case[] = [
  ['eth_chainId', () => [], uint],
  ['eth_syncing', () => [], ref('SyncingStatus')],
  ['eth_coinbase', () => [], ref('address')],
  ['eth_accounts', () => [], arrayOf(ref('address'))],
  ['eth_blockNumber', () => [], uint],
  ['net_version', () => [], ref('uintDecimal')],
  ['eth_config', () => [], ref('ConfigurationResponse')],
  ['eth_getBlockByHash', (f) => [f.block.hash, false], block],
  ['eth_getBlockByHash hydrated', (f) => [f.block.hash, true], block],
  ['eth_getBlockByHash unknown', () => [zeroHash, false], nullOr(block)],
  ['eth_getBlockByNumber hydrated', (f) => [f.block.number, true], block],
  ['eth_getBlockByNumber latest', () => ['latest', false], block],
  ['eth_getBlockByNumber earliest', () => ['earliest', true], block],
  ['eth_getBlockByNumber far ahead', () => ['0xffffff', false], nullOr(block)],
  ['eth_getBlockTransactionCountByHash', (f) => [f.block.hash], uint],
  ['eth_getBlockTransactionCountByNumber', (f) => [f.block.number], uint],
  ['eth_getBlockReceipts', (f) => [f.block.number], arrayOf(receipt)],
  ['eth_getBlockReceipts EIP-1898 hash', (f) => [atHash(f)], arrayOf(receipt)],
  ['eth_call', (f) => [balanceOf(f), 'latest'], bytes],
  ['eth_call sealed block', (f) => [balanceOf(f), f.block.number], bytes],
  ['eth_estimateGas', (f) => [balanceOf(f)], uint],
  ['eth_createAccessList', (f) => [balanceOf(f), 'latest'], ref('CreateAccessListResult')],
  ['eth_simulateV1', (f) => [simulation(f), 'latest'], ref('EthSimulateResult')],
  ['eth_gasPrice', () => [], uint],
  ['eth_blobBaseFee', () => [], uint],
  ['eth_maxPriorityFeePerGas', () => [], uint],
  ['eth_feeHistory', () => ['0x4', 'latest', [25, 75]], ref('FeeHistoryResult')],
  ['eth_feeHistory no percentiles', (f) => ['0x2', f.block.number, []], ref('FeeHistoryResult')],
  // Each filter has changes (an empty array would match both branches of FilterResults' oneOf).
  ['eth_getFilterChanges logs', (f) => [f.filters.logs], filterResults],
  ['eth_getFilterChanges blocks', (f) => [f.filters.blocks], filterResults],
  ['eth_getFilterChanges pending transactions', (f) => [f.filters.pending], filterResults],
  ['eth_getFilterLogs', (f) => [f.filters.logs], filterResults],
  ['eth_uninstallFilter', (f) => [f.filters.pending], { type: 'boolean' }],
  ['eth_getLogs', () => [{ fromBlock: '0x0', toBlock: 'latest' }], filterResults],
  ['eth_getLogs block hash', (f) => [{ blockHash: f.block.hash, address: null }], filterResults],
  ['eth_sign', () => [dev1.address, '0xdeadbeef'], ref('bytes65')],
  ['eth_getBalance', () => [dev1.address, 'latest'], uint],
  ['eth_getBalance EIP-1898 hash', (f) => [dev1.address, atHash(f)], uint],
  ['eth_getStorageAt', (f) => [f.token, '0x0', 'latest'], bytes],
  ['eth_getStorageAt sealed block', (f) => [f.token, slot0, f.block.number], bytes],
  ['eth_getTransactionCount', () => [dev0.address, 'latest'], uint],
  ['eth_getCode', (f) => [f.token, 'latest'], bytes],
  ['eth_getCode EIP-7702 delegation', () => [dev1.address, 'latest'], bytes],
  ['eth_getProof', (f) => [f.token, [slot0, '0x1'], 'latest'], ref('AccountProof')],
  // The raw transaction first: it was signed with dev0's next nonce.
  ['eth_sendRawTransaction', (f) => [f.raw], hash32],
  ['eth_sendTransaction', () => [{ from: dev0.address, to: recipient, value: '0x1' }], hash32],
  ...(['creation', 'eip1559', 'legacy', 'eip2930', 'eip7702'] as const).flatMap((kind): Case[] => [
    [`eth_getTransactionByHash ${kind}`, (f) => [f.txs[kind]], transaction],
    [`eth_getTransactionReceipt ${kind}`, (f) => [f.txs[kind]], receipt],
  ]),
  ['eth_getTransactionByHash unknown', () => [zeroHash], nullOr(transaction)],
  ['eth_getTransactionReceipt unknown', () => [zeroHash], nullOr(receipt)],
  ['eth_getTransactionByBlockHashAndIndex', (f) => [f.block.hash, '0x0'], transaction],
  ['eth_getTransactionByBlockNumberAndIndex', (f) => [f.block.number, '0x0'], transaction],
  [
    'eth_getTransactionByBlockNumberAndIndex past the end',
    (f) => [f.block.number, '0xffff'],
    nullOr(transaction),
  ],
  // debug/trace.yaml specifies the struct logger's results; a named tracer's only as `{ txHash, result }`.
  [
    'debug_traceTransaction',
    (f) => [f.txs.eip1559, { enableMemory: true, enableReturnData: true }],
    opcodeTrace,
  ],
  ['debug_traceTransaction creation', (f) => [f.txs.creation], opcodeTrace],
  ['debug_traceBlockByNumber', (f) => [f.block.number], blockTrace],
  ['debug_traceBlockByNumber callTracer', (f) => [f.block.number, { tracer: 'callTracer' }], namedBlockTrace],
  ['debug_traceBlockByHash', (f) => [f.block.hash], blockTrace],
  ['txpool_status', () => [], ref('TxpoolStatus')],
  ['txpool_content', () => [], ref('TxpoolContent')],
  ['txpool_contentFrom', () => [dev0.address], ref('TxpoolContentFromResult')],
]

describe('results against the execution-apis result schemas', () => {
  it.each(cases)('%s', async (name, params, schema) => {
    const value = await result(name.split(' ')[0], params(fixture))
    expect(violations(schema, value)).toEqual([])
  })

  // The deviations CONFORMANCE.md lists as "served differently" for shape: when one is fixed, this fails.
  it('filter ids are quantities: 16 random bytes with no leading zero digit', async () => {
    for (let i = 0; i < 16; i++) {
      for (const method of ['eth_newFilter', 'eth_newBlockFilter', 'eth_newPendingTransactionFilter']) {
        const id = await result(method, method === 'eth_newFilter' ? [{}] : [])
        expect(violations(ref('uint'), id)).toEqual([])
        expect(await result('eth_uninstallFilter', [id])).toBe(true)
      }
    }
  })

  it('served differently: eth_signTransaction returns the raw signed bytes (as anvil), not `{ raw, tx }`', async () => {
    const raw = await result('eth_signTransaction', [{ from: dev1.address, to: recipient, value: '0x1' }])
    expect(violations(ref('bytes'), raw)).toEqual([])
  })

  it('a bare block hash selects its block, as the EIP-1898 `{ blockHash }` object does', async () => {
    const bare = fixture.block.hash
    const calls: [string, unknown[], unknown[]][] = [
      ['eth_getBalance', [dev1.address, bare], [dev1.address, { blockHash: bare }]],
      ['eth_getBlockReceipts', [bare], [{ blockHash: bare }]],
      ['eth_call', [balanceOf(fixture), bare], [balanceOf(fixture), { blockHash: bare }]],
    ]
    for (const [method, params, object] of calls) {
      const [byBare, byObject] = [await rpc(method, params), await rpc(method, object)]
      expect(byBare.error, method).toBeUndefined()
      expect(byBare.result, method).toEqual(byObject.result)
    }
  })
})

// Served methods no other test names: CONFORMANCE.md points here for them.
describe('served methods no other test calls by name', () => {
  const stranger = '0x0000000000000000000000000000000000c0ffee'
  const word42 = `0x${'0'.repeat(62)}2a`

  it("txpool_inspect has anvil's empty shape", async () => {
    expect(await result('txpool_inspect', [])).toEqual({ pending: {}, queued: {} })
  })

  it('the Hardhat names answer booleans, as Hardhat does, and the next read sees each state edit', async () => {
    expect(await result('hardhat_setCode', [stranger, '0x602a60005260206000f3'])).toBe(true)
    expect(await result('hardhat_setNonce', [stranger, '0x5'])).toBe(true)
    expect(await result('hardhat_setStorageAt', [stranger, '0x0', word42])).toBe(true)
    expect(await result('eth_getCode', [stranger, 'latest'])).toBe('0x602a60005260206000f3')
    expect(await result('eth_getTransactionCount', [stranger, 'latest'])).toBe('0x5')
    expect(await result('eth_getStorageAt', [stranger, '0x0', 'latest'])).toBe(word42)
    expect(await result('hardhat_impersonateAccount', [stranger])).toBe(true)
    expect(await result('hardhat_stopImpersonatingAccount', [stranger])).toBe(true)
    expect(typeof (await result('hardhat_dropAllTransactions', []))).toBe('boolean')
  })

  it('evm_snapshot / evm_revert and their anvil names rewind a state edit', async () => {
    const nonce = () => result('eth_getTransactionCount', [stranger, 'latest'])
    for (const [snapshot, revert] of [
      ['evm_snapshot', 'evm_revert'],
      ['anvil_snapshot', 'anvil_revert'],
    ]) {
      const before = await nonce()
      const id = await result(snapshot, [])
      expect(violations(ref('uint'), id)).toEqual([])
      await result('anvil_setNonce', [stranger, '0x63'])
      expect(await nonce()).toBe('0x63')
      expect(await result(revert, [id])).toBe(true)
      expect(await nonce()).toBe(before)
    }
  })

  it("rtevm_getBlockWitness returns a sealed block's witness as hex bytes", async () => {
    expect(violations(ref('bytes'), await result('rtevm_getBlockWitness', [fixture.block.number]))).toEqual(
      [],
    )
  })
})

/** One method row of CONFORMANCE.md. */
type Row = { names: string[]; status: string; tests: { file: string; via?: string }[] }

/**
 * The method rows of CONFORMANCE.md: the names (backticked), rtevm's status, and the test files
 * that cover them, each naming the method or, after `via`, the client action that sends it.
 */
function conformanceRows(): Row[] {
  const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1])
  const tests = (cell: string) =>
    [...cell.matchAll(/`([^`]+\.test\.ts)`(?: via `([^`]+)`)?/g)].map(([, file, via]) => ({ file, via }))
  return readFileSync(new URL('../../CONFORMANCE.md', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map((cells) => ({ names: ticked(cells[1]), status: cells.at(-3)!, tests: tests(cells.at(-2)!) }))
}

describe('CONFORMANCE.md stays true', () => {
  const rows = conformanceRows()
  const served = rows.filter((row) => row.status.startsWith('served'))
  const notServed = rows.filter((row) => row.status.startsWith('not served'))
  // Params that are never valid (an object), so nothing runs: only the method lookup answers.
  const lookup = async (name: string) => (await rpc(name, { conformance: 'bad params' })).error?.code

  it('every method it says is served is on the edge, and every one it says is not served is not', async () => {
    expect(served.length + notServed.length).toBe(rows.length)
    const missing: string[] = []
    for (const name of served.flatMap((row) => row.names))
      if ((await lookup(name)) === -32601) missing.push(name)
    expect(missing).toEqual([])
    const present: string[] = []
    for (const name of notServed.flatMap((row) => row.names))
      if ((await lookup(name)) !== -32601) present.push(name)
    expect(present).toEqual([])
  })

  it('names, for each served method, test files that exist and call it', () => {
    const problems: string[] = []
    // The whole name, not part of a longer one (`x_mine` inside `x_mine_detailed`).
    const names = (text: string, name: string) => new RegExp(`(?<![\\w$])${name}(?![\\w$])`).test(text)
    for (const row of served) {
      if (row.tests.length === 0) problems.push(`${row.names.join(', ')}: no test named`)
      for (const { file, via } of row.tests) {
        const url = new URL(`../${file}`, import.meta.url)
        const text = existsSync(url) ? readFileSync(url, 'utf8') : undefined
        if (text === undefined) problems.push(`${file}: no such file`)
        else
          for (const name of via ? [via] : row.names)
            if (!names(text, name)) problems.push(`${file}: never names ${name}`)
      }
    }
    const checkedHere = new Set(cases.map(([name]) => name.split(' ')[0]))
    for (const row of served)
      if (
        row.names.some((name) => checkedHere.has(name)) &&
        !row.tests.some((test) => test.file === 'edge/conformance.test.ts')
      )
        problems.push(
          `${row.names.join(', ')}: checked in edge/conformance.test.ts, which the row does not name`,
        )
    expect(problems).toEqual([])
  })
})
