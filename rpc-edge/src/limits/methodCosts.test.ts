import { describe, expect, it } from 'vitest'
import { createMethodCosts, FILTER_LOGS_COST, TRACE_COST } from './methodCosts.ts'

const costOf = createMethodCosts({ gasCap: 50_000_000n, head: () => 10_000 })

describe('createMethodCosts', () => {
  it('charges 1 for plain calls and unknown names', () => {
    expect(costOf('eth_blockNumber', [])).toBe(1)
    expect(costOf('eth_sendRawTransaction', ['0x02'])).toBe(1)
    expect(costOf('no_such_method', 'garbage')).toBe(1)
  })

  it('scales calls with their gas, the gas cap when they name none', () => {
    expect(costOf('eth_call', [{ to: '0x00', gas: '0x5208' }, 'latest'])).toBe(2)
    expect(costOf('eth_call', [{ to: '0x00' }])).toBe(6)
    expect(costOf('eth_estimateGas', [{ gas: '0x1c9c380' }])).toBe(4) // 30M
    // Above the cap is charged as the cap: the call cannot burn more.
    expect(costOf('eth_createAccessList', [{ gas: '0xffffffffffff' }])).toBe(6)
    expect(costOf('eth_call', 'not params')).toBe(6)
  })

  it('scales log queries with their block range, clamped to the chain', () => {
    expect(costOf('eth_getLogs', [{ fromBlock: '0x2700', toBlock: 'latest' }])).toBe(1)
    expect(costOf('eth_getLogs', [{ fromBlock: 'earliest' }])).toBe(11)
    expect(costOf('eth_getLogs', [{ fromBlock: '0x0', toBlock: '0xffffffff' }])).toBe(11)
    expect(costOf('eth_getLogs', [{ blockHash: `0x${'11'.repeat(32)}`, fromBlock: '0x0' }])).toBe(1)
    expect(costOf('eth_getLogsWithCursor', [{ fromBlock: '0x0', toBlock: '0x7d0' }])).toBe(3)
    expect(costOf('eth_getFilterLogs', ['0x1'])).toBe(FILTER_LOGS_COST)
  })

  it('charges traces a flat price, simulations per block and call', () => {
    expect(costOf('debug_traceTransaction', [`0x${'11'.repeat(32)}`])).toBe(TRACE_COST)
    expect(costOf('ots_searchTransactionsBefore', [])).toBe(TRACE_COST)
    expect(costOf('debug_traceCall', [{ gas: '0x5208' }])).toBe(TRACE_COST + 2)
    const simulate = { blockStateCalls: [{ calls: [{ gas: '0x5208' }, {}] }, {}] }
    expect(costOf('eth_simulateV1', [simulate, 'latest'])).toBe(1 + 2 + 2 + 6)
  })
})
