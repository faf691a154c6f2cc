import { ErrorCode, RtevmError } from '@rtevm/protocol'
import { describe, expect, it } from 'vitest'
import { createDispatcher } from './createDispatcher.ts'
import { method } from './MethodTable.ts'
import { address, blockTag, optional, quantity } from './params.ts'

const calls: [string | undefined, number | undefined][] = []
const internal: unknown[] = []
const dispatcher = createDispatcher({
  methods: {
    echo: method([quantity('n'), optional(blockTag())], ([n, tag]) => ({
      n: `0x${n.toString(16)}`,
      tag: tag?.kind,
    })),
    balance: method([address()], () => '0x1'),
    reverts: method([], () => {
      throw new RtevmError(ErrorCode.ExecutionFailed, 'execution reverted', {
        data: new Uint8Array([0xde, 0xad]),
      })
    }),
    nonceLow: method([], async () => {
      throw new RtevmError(ErrorCode.NonceTooLow, 'nonce too low')
    }),
    bigint: method([], () => 1n),
    bug: method([], () => {
      throw new TypeError('secret internals')
    }),
  },
  context: {},
  maxBatch: 3,
  onCall: (m, e) => calls.push([m, e?.code]),
  onInternalError: (e) => internal.push(e),
})
const run = async (text: string) => {
  const out = await dispatcher.handle(text, { transport: 'http' })
  return out === undefined ? undefined : JSON.parse(out)
}

describe('createDispatcher', () => {
  it('answers a single request with its id and typed params', async () => {
    expect(await run('{"jsonrpc":"2.0","id":7,"method":"echo","params":["0x1f","latest"]}')).toEqual({
      jsonrpc: '2.0',
      id: 7,
      result: { n: '0x1f', tag: 'named' },
    })
    expect(await run('{"jsonrpc":"2.0","id":"a","method":"echo","params":["0x0"]}')).toMatchObject({
      id: 'a',
    })
  })

  it('answers a batch in order and leaves out notifications', async () => {
    const out = await run(
      '[{"jsonrpc":"2.0","id":1,"method":"echo","params":["0x1"]},{"jsonrpc":"2.0","method":"echo","params":["0x2"]},{"jsonrpc":"2.0","id":3,"method":"nope"}]',
    )
    expect(out).toHaveLength(2)
    expect(out[0]).toMatchObject({ id: 1, result: { n: '0x1' } })
    expect(out[1]).toMatchObject({ id: 3, error: { code: -32601 } })
  })

  it('sends nothing for a notification or a batch of only notifications, even when they fail', async () => {
    expect(await run('{"jsonrpc":"2.0","method":"echo","params":["0x1"]}')).toBeUndefined()
    expect(await run('{"jsonrpc":"2.0","method":"nope"}')).toBeUndefined()
    expect(await run('[{"jsonrpc":"2.0","method":"echo","params":["0x1"]}]')).toBeUndefined()
  })

  it('treats "id": null as a request, not a notification', async () => {
    expect(await run('{"jsonrpc":"2.0","id":null,"method":"echo","params":["0x1"]}')).toMatchObject({
      id: null,
    })
  })

  it.each([
    ['malformed JSON', '{"jsonrpc":', -32700],
    ['a number', '42', -32600],
    ['a string', '"eth_chainId"', -32600],
    ['wrong version', '{"jsonrpc":"1.0","id":1,"method":"echo"}', -32600],
    ['missing method', '{"jsonrpc":"2.0","id":1}', -32600],
    ['object id', '{"jsonrpc":"2.0","id":{},"method":"echo"}', -32600],
    ['scalar params', '{"jsonrpc":"2.0","id":1,"method":"echo","params":5}', -32600],
    ['empty batch', '[]', -32600],
    [
      'batch over the limit',
      JSON.stringify(Array(4).fill({ jsonrpc: '2.0', id: 1, method: 'echo' })),
      -32005,
    ],
    ['unknown method', '{"jsonrpc":"2.0","id":1,"method":"eth_nothing"}', -32601],
    ['prototype method name', '{"jsonrpc":"2.0","id":1,"method":"toString"}', -32601],
    ['missing param', '{"jsonrpc":"2.0","id":1,"method":"echo","params":[]}', -32602],
    ['bad quantity', '{"jsonrpc":"2.0","id":1,"method":"echo","params":["12"]}', -32602],
    ['too many params', '{"jsonrpc":"2.0","id":1,"method":"echo","params":["0x1","latest",3]}', -32602],
    ['named params', '{"jsonrpc":"2.0","id":1,"method":"echo","params":{"n":"0x1"}}', -32602],
  ])('rejects %s', async (_name, text, code) => {
    const out = await run(text)
    expect(out.error.code).toBe(code)
    expect(out.error.message).toBeTypeOf('string')
  })

  it('answers each invalid element of a batch on its own', async () => {
    const out = await run('[1,{"jsonrpc":"2.0","id":2,"method":"echo","params":["0x2"]}]')
    expect(out[0]).toMatchObject({ id: null, error: { code: -32600 } })
    expect(out[1]).toMatchObject({ id: 2, result: { n: '0x2' } })
  })

  it('names the argument and the expected shape in invalid params messages', async () => {
    const out = await run('{"jsonrpc":"2.0","id":1,"method":"balance","params":["0x1234"]}')
    expect(out.error.message).toBe(
      'invalid params: argument 0 (address): expected a 20-byte hex address, got "0x1234"',
    )
  })

  it('maps RtevmError codes through the table: revert → 3 with data, nonce → -32000', async () => {
    expect((await run('{"jsonrpc":"2.0","id":1,"method":"reverts"}')).error).toEqual({
      code: 3,
      message: 'execution reverted',
      data: '0xdead',
    })
    expect((await run('{"jsonrpc":"2.0","id":1,"method":"nonceLow"}')).error).toEqual({
      code: -32000,
      message: 'nonce too low',
    })
  })

  it('hides the message of a non-RtevmError and reports it as internal', async () => {
    internal.length = 0
    expect((await run('{"jsonrpc":"2.0","id":1,"method":"bug"}')).error).toEqual({
      code: -32603,
      message: 'internal error',
    })
    expect(internal).toHaveLength(1)
  })

  it('answers synchronous handlers synchronously, async ones with a promise', () => {
    expect(
      dispatcher.handle('{"jsonrpc":"2.0","id":1,"method":"echo","params":["0x1"]}', { transport: 'ws' }),
    ).toBeTypeOf('string')
    expect(
      dispatcher.handle('{"jsonrpc":"2.0","id":1,"method":"nonceLow"}', { transport: 'ws' }),
    ).toBeInstanceOf(Promise)
  })

  it('turns an unserializable result into an internal error for that call only', async () => {
    const out = await run(
      '[{"jsonrpc":"2.0","id":1,"method":"bigint"},{"jsonrpc":"2.0","id":2,"method":"echo","params":["0x2"]}]',
    )
    expect(out[0]).toMatchObject({ id: 1, error: { code: -32603 } })
    expect(out[1]).toMatchObject({ id: 2, result: { n: '0x2' } })
  })

  it('reports calls by method name, unknown names as undefined', async () => {
    calls.length = 0
    await run(
      '[{"jsonrpc":"2.0","id":1,"method":"echo","params":["0x1"]},{"jsonrpc":"2.0","id":2,"method":"zzz"}]',
    )
    // Calls of a batch run concurrently, so they are reported in completion order.
    expect(calls).toHaveLength(2)
    expect(calls).toEqual(
      expect.arrayContaining([
        ['echo', undefined],
        [undefined, -32601],
      ]),
    )
  })
})
