import { describe, expect, it } from 'vitest'
import { EdgeRpcError, EdgeUnreachableError, TraceShapeError } from '../errors.ts'
import { describeTraceFailure } from './describeTraceFailure.ts'

describe('describeTraceFailure', () => {
  it('a block beyond the history window (-32001): the edge cannot trace, and why', () => {
    const error = new EdgeRpcError(
      'debug_traceTransaction',
      -32001,
      "the state of block 3 is outside this node's history window, which starts at block 9",
    )
    const failure = describeTraceFailure(error, 'call tree')
    expect(failure).toMatchObject({
      title: 'The RPC edge cannot trace this transaction',
      hint: 'history-window',
    })
    expect(failure.message).toContain('history window')
  })

  it('an unreachable edge: what to start', () => {
    const failure = describeTraceFailure(new EdgeUnreachableError('http://127.0.0.1:1'), 'state diff')
    expect(failure).toEqual({
      title: 'Could not load the state diff',
      message: 'the RPC edge at http://127.0.0.1:1 is unreachable',
      hint: 'start-edge',
    })
  })

  it('anything else: the error in its own words', () => {
    expect(
      describeTraceFailure(new EdgeRpcError('debug_traceTransaction', -32602, 'bad'), 'call tree').hint,
    ).toBeNull()
    expect(
      describeTraceFailure(new TraceShapeError('callTracer', 'frame 0 is not an object'), 'call tree'),
    ).toEqual({
      title: 'Could not load the call tree',
      message: "the edge's callTracer result is not in geth's shape: frame 0 is not an object",
      hint: null,
    })
  })
})
