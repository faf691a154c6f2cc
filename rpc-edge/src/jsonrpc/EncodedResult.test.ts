import { expect, it } from 'vitest'
import { createDispatcher } from './createDispatcher.ts'
import { EncodedResult } from './EncodedResult.ts'
import { method } from './MethodTable.ts'

const dispatcher = createDispatcher({
  methods: {
    now: method([], () => new EncodedResult('{"logs":[1,2],"ok":true}')),
    later: method([], async () => new EncodedResult('"0x2a"')),
  },
  context: {},
  maxBatch: 4,
})

it('splices an already-encoded result into the response as it is, sync, async and in a batch', async () => {
  expect(dispatcher.handle('{"jsonrpc":"2.0","id":"a","method":"now"}', { transport: 'http' })).toBe(
    '{"jsonrpc":"2.0","id":"a","result":{"logs":[1,2],"ok":true}}',
  )
  expect(await dispatcher.handle('{"jsonrpc":"2.0","id":7,"method":"later"}', { transport: 'ws' })).toBe(
    '{"jsonrpc":"2.0","id":7,"result":"0x2a"}',
  )
  const batch = await dispatcher.handle(
    '[{"jsonrpc":"2.0","id":1,"method":"now"},{"jsonrpc":"2.0","method":"later"},{"jsonrpc":"2.0","id":null,"method":"later"}]',
    { transport: 'http' },
  )
  expect(JSON.parse(batch ?? '')).toEqual([
    { jsonrpc: '2.0', id: 1, result: { logs: [1, 2], ok: true } },
    { jsonrpc: '2.0', id: null, result: '0x2a' },
  ])
})
