import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSocket, type TestSocket } from '../server/rpcTestSupport.ts'
import { startTestEdge, type TestEdge } from './edgeTestSupport.ts'

// A failure prints the seed and the shrunk input; pass FUZZ_SEED to replay another run.
const seed = Number(process.env.FUZZ_SEED ?? 1406)

/** Strings some parser gives meaning to: block tags and subscription kinds. Anything else that is not hex is junk. */
const MEANINGFUL = new Set([
  'latest',
  'pending',
  'safe',
  'finalized',
  'earliest',
  'newHeads',
  'logs',
  'newPendingTransactions',
  'miniBlocks',
  'fragments',
  'stateChanges',
  'heartbeats',
])

/** Every field name an object parameter reads (call objects, filters, EIP-1898, overrides, trace configs, typed data). */
const FIELDS = [
  'input',
  'data',
  'from',
  'to',
  'value',
  'gas',
  'gasPrice',
  'type',
  'nonce',
  'fromBlock',
  'toBlock',
  'blockHash',
  'blockNumber',
  'address',
  'topics',
  'detail',
  'fromMiniBlock',
  'miniBlock',
  'cursor',
  'limit',
  'requireCanonical',
  'types',
  'primaryType',
  'message',
  'number',
  'time',
  'gasLimit',
  'balance',
  'code',
  'tracer',
  'tracerConfig',
  'disableStack',
]

/**
 * Values no parameter of any method accepts: not hex (or hex too wide and of
 * odd length for every hex type), not a name, not a non-negative safe integer.
 * A list holding one of them is invalid for every method, whatever else it holds,
 * so methods with side effects (sends, dev methods) are safe to call with it.
 */
const junkString = fc.oneof(
  fc.constantFrom('', ' 0x1', '0X1f', '0xzz', '0x12g4', '0x-1', 'true', 'null', 'Latest', '1e3'),
  fc.string({ maxLength: 24 }).filter((s) => !/^0x[0-9a-fA-F]*$/.test(s) && !MEANINGFUL.has(s)),
  // Wider than any hex type and of odd length: not a quantity, bytes, word, slot or id.
  fc.integer({ min: 33, max: 40 }).map((bytes) => `0x1${'0'.repeat(bytes * 2)}`),
)
const junkNumber = fc.oneof(fc.integer({ min: -(2 ** 31), max: -1 }), fc.constantFrom(-0.5, 2 ** 53, 1e300))
const junkScalar = fc.oneof(junkString, junkNumber)
const junk = fc.oneof(
  { arbitrary: junkScalar, weight: 4 },
  // Objects where scalars or lists are expected: every field a parser reads is junk.
  {
    arbitrary: fc
      .tuple(
        fc.array(junkScalar, { minLength: FIELDS.length, maxLength: FIELDS.length }),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
      )
      .map(([values, extra]) => ({
        ...extra,
        ...Object.fromEntries(FIELDS.map((key, i) => [key, values[i]])),
      })),
    weight: 2,
  },
  // Lists where scalars or objects are expected, and lists of junk where lists are expected.
  { arbitrary: fc.array(junkScalar, { minLength: 1, maxLength: 3 }), weight: 1 },
  { arbitrary: fc.array(fc.array(junkScalar, { minLength: 1, maxLength: 2 }), { minLength: 1 }), weight: 1 },
)

/** Positional params with junk at some position among arbitrary values: wrong types, too many, nested junk. */
const badPositional = fc
  .tuple(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 9 }), junk, fc.nat())
  .map(([rest, bad, at]) => {
    const params = [...rest]
    params.splice(at % (rest.length + 1), 0, bad)
    return params
  })
/** Named params: no method takes them, so any object is refused. */
const named = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }))
const badParams = fc.oneof({ arbitrary: badPositional, weight: 5 }, { arbitrary: named, weight: 1 })

/**
 * Near-misses of each spec type, which only a parser of that type can tell
 * from valid input: leading zeros, wrong widths and lengths, odd-length hex,
 * booleans as strings, conflicting or overlong filters.
 */
const A = `0x${'11'.repeat(20)}`
const H = `0x${'22'.repeat(32)}`
const hexDigits = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n })
const notHex = fc.constantFrom('zz', 'x1', 'g0', ' 1')
const wrongType = fc.constantFrom<unknown>(true, 1, [], {}, 'latest')
const badQuantity = (bits: 64 | 256) =>
  fc.oneof(
    fc.constantFrom('0x', '0x00', '1', '0X1'),
    hexDigits(3).map((h) => `0x0${h}`),
    hexDigits(bits / 4).map((h) => `0x1${h}`),
    notHex.map((h) => `0x${h}`),
    wrongType.filter((v) => v !== 1),
  )
const badBytes = (bytes: number) =>
  fc.oneof(
    fc.constantFrom(bytes - 1, bytes + 1).chain((n) => hexDigits(n * 2).map((h) => `0x${h}`)),
    hexDigits(bytes * 2 - 1).map((h) => `0x${h}`),
    hexDigits(bytes * 2).map((h) => h),
    hexDigits(bytes * 2 - 2).map((h) => `0x${h}zz`),
    wrongType,
  )
const badData = fc.oneof(
  hexDigits(5).map((h) => `0x${h}`),
  hexDigits(4).map((h) => h),
  notHex.map((h) => `0x${h}`),
  wrongType.filter((v) => v !== 'latest'),
)
const badBoolean = fc.constantFrom('true', 'false', 0, 1, '0x1', [], {})
const badBlock = fc.oneof(
  fc.constantFrom(
    'newest',
    'Latest',
    '0x',
    '0x01',
    { blockHash: '0x12' },
    { blockHash: H, blockNumber: '0x1' },
  ),
  fc.constantFrom(...['true', 'yes', 1]).map((requireCanonical) => ({ blockHash: H, requireCanonical })),
  hexDigits(16).map((h) => `0x1${h}`),
  fc.constantFrom(true, 1, []),
)
const badFilter = fc.oneof(
  fc.constantFrom<Record<string, unknown>>(
    { fromBlock: '0x1', blockHash: H },
    { toBlock: 'latest', blockHash: H },
    { topics: [null, null, null, null, null] },
    { topics: [[[H]]] },
    { topics: H },
    { fromBlock: '0x3', toBlock: '0x2' },
    { fromBlock: { blockHash: H } },
    { address: [[A]] },
  ),
  badBlock.map((fromBlock) => ({ fromBlock })),
  // An empty list of addresses or topic alternatives is valid (it matches anything).
  badBytes(20)
    .filter((v) => !Array.isArray(v))
    .map((address) => ({ address })),
  badBytes(32)
    .filter((v) => !Array.isArray(v))
    .map((topic) => ({ topics: [null, topic] })),
  badBytes(32).map((blockHash) => ({ blockHash })),
)
const badCall = fc.oneof(
  fc.constantFrom<Record<string, unknown>>({ to: A, input: '0x12', data: '0x34' }, { to: A, type: '0x5' }),
  badQuantity(64).map((gas) => ({ to: A, gas })),
  badQuantity(64).map((nonce) => ({ to: A, nonce })),
  badQuantity(256).map((value) => ({ to: A, value })),
  badBytes(20).map((to) => ({ to })),
  badData.map((input) => ({ to: A, input })),
)

/** Read-only methods and where a near-miss goes; every other argument is valid. */
const nearMisses: [string, fc.Arbitrary<unknown[]>][] = [
  ['eth_getBalance', badBytes(20).map((who) => [who, 'latest'])],
  ['eth_getBalance', badBlock.map((block) => [A, block])],
  ['eth_getTransactionCount', badBlock.map((block) => [A, block])],
  ['eth_getCode', badBytes(20).map((who) => [who])],
  [
    'eth_getStorageAt',
    fc.constantFrom('0x', `0x1${'0'.repeat(64)}`, 'zz', 1).map((slot) => [A, slot, 'latest']),
  ],
  ['eth_getBlockByNumber', badBlock.map((block) => [block, false])],
  ['eth_getBlockByNumber', badBoolean.map((full) => ['latest', full])],
  ['eth_getBlockByHash', badBytes(32).map((hash) => [hash, false])],
  ['eth_getBlockByHash', badBoolean.map((full) => [H, full])],
  ['eth_getTransactionByHash', badBytes(32).map((hash) => [hash])],
  ['eth_getTransactionReceipt', badBytes(32).map((hash) => [hash])],
  ['eth_getTransactionByBlockNumberAndIndex', badQuantity(64).map((index) => ['latest', index])],
  ['eth_getTransactionByBlockHashAndIndex', badQuantity(64).map((index) => [H, index])],
  ['eth_getBlockTransactionCountByNumber', badBlock.map((block) => [block])],
  ['eth_getBlockReceipts', badBlock.map((block) => [block])],
  ['web3_sha3', badData.map((bytes) => [bytes])],
  ['eth_call', badCall.map((call) => [call, 'latest'])],
  ['eth_call', badBlock.map((block) => [{ to: A }, block])],
  ['eth_estimateGas', badCall.map((call) => [call])],
  ['eth_createAccessList', badCall.map((call) => [call])],
  ['eth_getLogs', badFilter.map((filter) => [filter])],
  ['eth_getLogsWithCursor', badFilter.map((filter) => [filter])],
  ['eth_newFilter', badFilter.map((filter) => [filter])],
  ['eth_feeHistory', fc.constantFrom(-1, 1.5, '0x', '0x01', true).map((count) => [count, 'latest'])],
  ['eth_feeHistory', badBlock.map((block) => ['0x1', block])],
  ['eth_getProof', badBytes(20).map((who) => [who, [], 'latest'])],
  ['eth_callAfter', badBytes(32).map((hash) => [{ to: A }, hash])],
  ['eth_callAfter', badQuantity(64).map((miniBlock) => [{ to: A }, { miniBlock }])],
  ['eth_sendRawTransaction', badData.map((raw) => [raw])],
  ['eth_subscribe', badFilter.map((filter) => ['logs', filter])],
  [
    'eth_subscribe',
    fc
      .constantFrom<unknown>(
        { detail: 'hashes', fromMiniBlock: 'soon' },
        { detail: 'all' },
        { detail: 1 },
        { fromMiniBlock: -1 },
        'hashes',
      )
      .map((options) => ['miniBlocks', options]),
  ],
]

type Answer = { id: unknown; result?: unknown; error?: { code: number; message: string } }

let t: TestEdge
let methods: string[]
let socket: TestSocket
let nextId = 1

beforeAll(async () => {
  t = await startTestEdge()
  methods = [...t.edge.server.methods].sort()
  socket = await openSocket(t.edge.wsUrl)
})
afterAll(async () => {
  socket.ws.close()
  await t.close()
})

async function overHttp(payload: unknown): Promise<unknown> {
  const response = await fetch(t.edge.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  })
  return response.json()
}

async function overWs(payload: unknown): Promise<unknown> {
  socket.send(payload)
  return socket.next()
}

/**
 * -32602 naming the argument. eth_subscribe and eth_unsubscribe do not exist over HTTP: they get
 * -32601, or -32602 when the params are refused before the method looks at the transport.
 */
function expectRefused(answer: Answer, method: string, params: unknown, transport: 'http' | 'ws') {
  const context = `${method}(${JSON.stringify(params)}) over ${transport} answered ${JSON.stringify(answer)}`
  expect(answer, context).not.toHaveProperty('result')
  const code = answer.error?.code
  if (transport === 'http' && (method === 'eth_subscribe' || method === 'eth_unsubscribe') && code === -32601)
    return
  expect(code, context).toBe(-32602)
  expect(answer.error?.message, context).toMatch(/^invalid params: /)
}

describe.each([
  ['http', overHttp],
  ['ws', overWs],
] as const)('malformed params over %s', (transport, send) => {
  it('are refused for every method, one request at a time', async () => {
    expect(methods.length).toBeGreaterThan(50)
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), badParams, async (method, params) => {
        const id = nextId++
        const answer = (await send({ jsonrpc: '2.0', id, method, params })) as Answer
        expect(answer.id).toBe(id)
        expectRefused(answer, method, params, transport)
      }),
      { seed, numRuns: 300 },
    )
  })

  it('are refused for every method in one batch, each on its own', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(badParams, { minLength: methods.length, maxLength: methods.length }),
        async (all) => {
          const batch = methods.map((method, i) => ({ jsonrpc: '2.0', id: nextId++, method, params: all[i] }))
          const answers = (await send(batch)) as Answer[]
          expect(answers).toHaveLength(batch.length)
          answers.forEach((answer, i) => {
            expect(answer.id).toBe(batch[i].id)
            expectRefused(answer, batch[i].method, batch[i].params, transport)
          })
        },
      ),
      { seed, numRuns: 10 },
    )
  })

  it('refuse near-misses of each spec type, naming the argument', async () => {
    for (const [method] of nearMisses) expect(methods).toContain(method)
    const near = fc.oneof(...nearMisses.map(([method, params]) => params.map((p) => ({ method, params: p }))))
    await fc.assert(
      fc.asyncProperty(near, async ({ method, params }) => {
        const id = nextId++
        const answer = (await send({ jsonrpc: '2.0', id, method, params })) as Answer
        expectRefused(answer, method, params, transport)
        if (answer.error?.code !== -32602) return
        // Parameters name their position; a subscription's filter, the field.
        const names =
          method === 'eth_subscribe'
            ? /fromBlock|toBlock|address|topics|blockHash|detail|fromMiniBlock/
            : /argument \d \(/
        expect(answer.error.message, `${method}(${JSON.stringify(params)})`).toMatch(names)
      }),
      { seed, numRuns: 300 },
    )
  })

  it('leave the edge answering', async () => {
    const answer = (await send({ jsonrpc: '2.0', id: nextId++, method: 'eth_blockNumber' })) as Answer
    expect(answer.result).toMatch(/^0x[0-9a-f]+$/)
  })
})
