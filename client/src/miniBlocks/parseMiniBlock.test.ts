import { describe, expect, it } from 'vitest'
import { BadPayloadError } from '../errors.ts'
import { parseStateChange } from '../stateChanges/parseStateChange.ts'
import { parseMiniBlock } from './parseMiniBlock.ts'

// Written from the documented shapes: MegaETH's `miniBlocks` notification (snake_case header,
// quantities in hex, `mini_block_timestamp` in µs, transactions and receipts as eth_getTransaction*
// answer them) and rtevm's `receipts` detail (camelCase header, hashes, a receipt summary each).
const HASH = `0x${'ab'.repeat(32)}` as const
const BLOCK_HASH = `0x${'00'.repeat(32)}` as const
const FROM = '0x1111111111111111111111111111111111111111'
const TO = '0x2222222222222222222222222222222222222222'

const megaEth = {
  block_number: '0x2a',
  block_timestamp: '0x6553f100',
  index: '0x3',
  mini_block_number: '0x1f4',
  mini_block_timestamp: '0x5c6a9e1d1e640',
  gas_used: '0x5208',
  transactions: [
    {
      blockHash: BLOCK_HASH,
      blockNumber: '0x2a',
      from: FROM,
      gas: '0x5208',
      gasPrice: '0x3b9aca00',
      maxFeePerGas: '0x2540be400',
      maxPriorityFeePerGas: '0x3b9aca00',
      hash: HASH,
      input: '0x',
      nonce: '0x7',
      to: TO,
      transactionIndex: '0x9',
      value: '0x1',
      type: '0x2',
      accessList: [],
      chainId: '0x7a69',
      v: '0x0',
      yParity: '0x0',
      r: '0x1',
      s: '0x2',
    },
  ],
  receipts: [
    {
      blockHash: BLOCK_HASH,
      blockNumber: '0x2a',
      contractAddress: null,
      cumulativeGasUsed: '0x5208',
      effectiveGasPrice: '0x3b9aca00',
      from: FROM,
      gasUsed: '0x5208',
      logs: [],
      logsBloom: `0x${'00'.repeat(256)}`,
      status: '0x1',
      to: TO,
      transactionHash: HASH,
      transactionIndex: '0x9',
      type: '0x2',
    },
  ],
}

const rtevm = {
  number: '0x1f4',
  blockNumber: '0x2a',
  indexInBlock: '0x3',
  firstTransactionIndex: '0x9',
  timestamp: '0x5c6a9e1d1e640',
  gasUsed: '0x5208',
  transactionCount: '0x1',
  transactions: [HASH],
  receipts: [
    {
      transactionHash: HASH,
      from: FROM,
      status: '0x1',
      gasUsed: '0x5208',
      contractAddress: null,
      logCount: '0x0',
    },
  ],
}

describe('parseMiniBlock', () => {
  it("gives MegaETH's full notification and rtevm's receipts detail the same typed values", () => {
    const { transactions, transactionReceipts, ...fromMegaEth } = parseMiniBlock(megaEth)
    const fromRtevm = parseMiniBlock(rtevm)
    expect(fromMegaEth).toEqual({ ...fromRtevm, transactions: undefined, transactionReceipts: undefined })
    expect(fromRtevm).toMatchObject({
      number: 500n,
      blockNumber: 42n,
      indexInBlock: 3,
      timestampUs: 0x5c6a9e1d1e640n,
      gasUsed: 21_000n,
      transactionCount: 1,
      firstTransactionIndex: 9,
      transactionHashes: [HASH],
      receipts: [
        {
          transactionHash: HASH,
          from: FROM,
          status: 'success',
          gasUsed: 21_000n,
          contractAddress: null,
          logCount: 0,
        },
      ],
    })
    expect(transactions?.[0]).toMatchObject({ hash: HASH, nonce: 7, value: 1n, to: TO })
    expect(transactionReceipts?.[0]).toMatchObject({ status: 'success', transactionHash: HASH })
  })

  it('reads the header-only and hashes details, leaving out what they do not carry', () => {
    const { transactions: _t, receipts: _r, ...header } = rtevm
    expect(parseMiniBlock(header)).toMatchObject({
      number: 500n,
      transactionHashes: undefined,
      receipts: undefined,
    })
    expect(parseMiniBlock({ ...header, transactions: [HASH] }).transactionHashes).toEqual([HASH])
  })

  it('refuses a payload of neither shape with a typed error', () => {
    expect(() => parseMiniBlock({ number: '0x1' })).toThrow(BadPayloadError)
    expect(() => parseMiniBlock('0x1')).toThrow(BadPayloadError)
  })
})

describe('parseStateChange', () => {
  it("reads MegaETH's documented change (nonce a JSON number, the rest hex)", () => {
    const change = parseStateChange({
      address: FROM,
      nonce: 3,
      balance: '0xde0b6b3a7640000',
      storage: { [HASH]: '0x2a' },
    })
    expect(change).toEqual({ address: FROM, nonce: 3n, balance: 10n ** 18n, storage: new Map([[HASH, 42n]]) })
    expect(() => parseStateChange({ nonce: 1 })).toThrow(BadPayloadError)
  })
})
