import { describe, expect, test } from 'vitest'
import type { MiniBlock, Receipt } from '../types/index.ts'
import { EncodeError } from './EncodeError.ts'
import { erc20TransferMiniBlock as transfer } from './erc20TransferMiniBlock.ts'
import { decodeMiniBlock, encodeMiniBlock } from './miniBlock.ts'

const receipt = transfer.receipts[0]
const withReceipt = (change: Partial<Receipt>): MiniBlock => ({
  ...transfer,
  receipts: [{ ...receipt, ...change }],
})

describe('mini-block v1', () => {
  test('round-trips a mini-block with one ERC-20 transfer', () => {
    expect(decodeMiniBlock(encodeMiniBlock(transfer))).toStrictEqual(transfer)
  })

  test('keeps optional receipt fields absent rather than undefined', () => {
    const decoded = decodeMiniBlock(encodeMiniBlock(transfer)).receipts[0]
    expect('contractAddress' in decoded).toBe(false)
    expect('revertData' in decoded).toBe(false)
  })

  test('round-trips a failed deployment with revert data', () => {
    const failed = withReceipt({
      status: 0,
      contractAddress: new Uint8Array(20).fill(7),
      revertData: new Uint8Array([8, 195, 121, 160]),
      logs: [],
    })
    expect(decodeMiniBlock(encodeMiniBlock(failed))).toStrictEqual(failed)
  })

  test.each<[string, MiniBlock]>([
    ['more receipts than transactions', { ...transfer, receipts: [receipt, receipt] }],
    ['a receipt status of 2', withReceipt({ status: 2 as 0 | 1 })],
    ['revert data on a successful receipt', withReceipt({ revertData: new Uint8Array(4) })],
    [
      'five topics',
      withReceipt({ logs: [{ ...receipt.logs[0], topics: Array(5).fill(new Uint8Array(32)) }] }),
    ],
    ['a 31-byte topic', withReceipt({ logs: [{ ...receipt.logs[0], topics: [new Uint8Array(31)] }] })],
    [
      'a 32-byte sender',
      { ...transfer, transactions: [{ ...transfer.transactions[0], from: new Uint8Array(32) }] },
    ],
    ['a negative index', { ...transfer, indexInBlock: -1 }],
  ])('refuses to encode %s', (_name, miniBlock) => {
    expect(() => encodeMiniBlock(miniBlock)).toThrow(EncodeError)
  })
})
