import { ErrorCode, RtevmError } from '@rtevm/protocol'
import { describe, expect, it } from 'vitest'
import { createDispatcher } from './createDispatcher.ts'
import { method } from './MethodTable.ts'

let holds = 0
let taken = 0
let gate: { open(): void; fail(): void; wait: Promise<string> } | undefined

function newGate() {
  let open = () => {}
  let fail = () => {}
  const wait = new Promise<string>((resolve, reject) => {
    open = () => resolve('done')
    fail = () => reject(new RtevmError(ErrorCode.ExecutionFailed, 'execution reverted'))
  })
  gate = { open, fail, wait }
  return gate
}

const dispatcher = createDispatcher({
  methods: {
    // What a read sees: how many holds are taken, and whether its batch holds one.
    read: method([], (_, ctx) => ({ holds, held: ctx.heldSnapshot ?? false })),
    eth_chainId: method([], () => '0x7a69'),
    slow: method([], () => gate!.wait),
    eth_sendRawTransactionSync: method([], () => 'sent'),
  },
  context: {},
  maxBatch: 10,
  snapshot: {
    hold() {
      holds++
      taken++
      let released = false
      return () => {
        if (!released) holds--
        released = true
      }
    },
    waitsForChain: (name) => name.startsWith('eth_send'),
    readsNoChain: (name) => name === 'eth_chainId',
    starting: () => undefined,
  },
})

const request = (id: number, name: string) => ({ jsonrpc: '2.0', id, method: name, params: [] })
const batch = (...names: string[]) => JSON.stringify(names.map((name, i) => request(i, name)))
const results = (text: string | undefined) =>
  (JSON.parse(text!) as { result?: unknown; error?: unknown }[]).map((r) => r.result ?? r.error)

describe('the dispatcher holds one snapshot per batch', () => {
  it('holds from before the first entry starts until the last async one settles', async () => {
    const { open } = newGate()
    const answer = dispatcher.handle(batch('read', 'slow', 'read'), { transport: 'http' })
    expect(answer).toBeInstanceOf(Promise)
    expect(holds).toBe(1)
    await new Promise((resolve) => setImmediate(resolve))
    expect(holds).toBe(1)
    open()
    const out = results(await answer)
    expect(out).toEqual([{ holds: 1, held: true }, 'done', { holds: 1, held: true }])
    expect(holds).toBe(0)
  })

  it('releases when an async entry fails', async () => {
    const { fail } = newGate()
    const answer = dispatcher.handle(batch('slow', 'read'), { transport: 'http' })
    expect(holds).toBe(1)
    fail()
    const out = results(await answer)
    expect(out[0]).toMatchObject({ message: 'execution reverted' })
    expect(holds).toBe(0)
  })

  it('releases at once when every entry answered synchronously', () => {
    const before = taken
    const answer = dispatcher.handle(batch('read', 'read'), { transport: 'http' })
    expect(typeof answer).toBe('string')
    expect(results(answer as string)).toEqual([
      { holds: 1, held: true },
      { holds: 1, held: true },
    ])
    expect(holds).toBe(0)
    expect(taken).toBe(before + 1)
  })

  it('does not hold a batch with an entry that waits for the chain, nor a single request', async () => {
    const before = taken
    const answer = dispatcher.handle(batch('read', 'eth_sendRawTransactionSync'), { transport: 'http' })
    expect(results(answer as string)).toEqual([{ holds: 0, held: false }, 'sent'])
    const single = dispatcher.handle(JSON.stringify(request(1, 'read')), { transport: 'http' })
    expect(JSON.parse(single as string).result).toEqual({ holds: 0, held: false })
    expect(taken).toBe(before)
  })
})

describe('while the chain is still loading', () => {
  it('does not hold a batch of chain-free methods; a single chain read waits for the load, a chain-free one does not', async () => {
    const before = taken
    expect(
      results(dispatcher.handle(batch('eth_chainId', 'eth_chainId'), { transport: 'http' }) as string),
    ).toEqual(['0x7a69', '0x7a69'])
    expect(taken).toBe(before)

    let loaded = () => {}
    const loading = new Promise<void>((resolve) => {
      loaded = resolve
    })
    let starting: Promise<void> | undefined = loading
    const starter = createDispatcher({
      methods: { read: method([], () => 'state'), eth_chainId: method([], () => '0x7a69') },
      context: {},
      maxBatch: 10,
      snapshot: {
        hold: () => () => {},
        waitsForChain: () => false,
        readsNoChain: (name) => name === 'eth_chainId',
        starting: () => starting,
      },
    })
    expect(
      JSON.parse(starter.handle(JSON.stringify(request(1, 'eth_chainId')), { transport: 'http' }) as string)
        .result,
    ).toBe('0x7a69')
    const read = starter.handle(JSON.stringify(request(2, 'read')), { transport: 'http' })
    expect(read).toBeInstanceOf(Promise)
    let answered = false
    void (read as Promise<string>).then(() => {
      answered = true
    })
    await new Promise((resolve) => setImmediate(resolve))
    expect(answered).toBe(false)
    starting = undefined
    loaded()
    expect(JSON.parse((await read) as string).result).toBe('state')
  })
})

describe('a batch that must wait for its hold', () => {
  function dispatcherWith(hold: () => Promise<(() => void) | undefined>) {
    return createDispatcher({
      methods: { read: method([], (_, ctx) => ctx.heldSnapshot ?? false) },
      context: {},
      maxBatch: 10,
      snapshot: { hold, waitsForChain: () => false, readsNoChain: () => false, starting: () => undefined },
    })
  }

  it('starts its entries once the hold is given, and releases it after', async () => {
    let give: (release: () => void) => void = () => {}
    let released = 0
    const waiting = dispatcherWith(() => new Promise((resolve) => (give = resolve)))
    const answer = waiting.handle(batch('read', 'read'), { transport: 'http' })
    expect(answer).toBeInstanceOf(Promise)
    give(() => released++)
    expect(results(await answer)).toEqual([true, true])
    expect(released).toBe(1)
  })

  it('runs unheld when no hold is given', async () => {
    const refused = dispatcherWith(() => Promise.resolve(undefined))
    expect(results(await refused.handle(batch('read'), { transport: 'http' }))).toEqual([false])
  })
})
