import { InvalidParamsError } from '../errors/index.ts'
import { onlyKeys, optionsObject, RESUME_OPTION, resumeOption } from './resumeOption.ts'
import type { SubscriptionKind } from './SubscriptionKind.ts'

/**
 * How much of each mini-block a `miniBlocks` subscriber receives. `full` is
 * MegaETH's documented notification (snake_case header, whole transactions
 * and receipts); `receipts`, `hashes` and `header` are rtevm's lighter forms
 * (camelCase header; a receipt summary, hashes, or the header alone), which
 * make very wide fan-out affordable.
 */
export type MiniBlockDetail = 'full' | 'receipts' | 'hashes' | 'header'
const MINI_BLOCK_DETAILS: readonly MiniBlockDetail[] = ['full', 'receipts', 'hashes', 'header']
/** Longest coalescing interval: past a second a client is better served by resuming with `fromMiniBlock`. */
export const MAX_COALESCE_MS = 1_000
const COALESCE_OPTION = 'coalesceMs'
const SHAPE =
  '{ "detail": "full" | "receipts" | "hashes" | "header", "coalesceMs": 1…1000, "fromMiniBlock": N }'

/**
 * `miniBlocks` (and its older name `fragments`): no params, or `{ detail?,
 * coalesceMs?, fromMiniBlock? }`. With `coalesceMs`, at most one notification
 * per that many milliseconds, carrying every mini-block since the previous
 * one (see notificationFrame's coalesced shape).
 */
export const miniBlocksKind: SubscriptionKind = {
  coalescible: true,
  // rtevm's lighter details only: MegaETH's default shape stays one notification per mini-block
  // unless the client itself falls behind.
  gatherable: (filter) => filter !== 'full',
  parse(params) {
    const options = optionsObject('miniBlocks', params, SHAPE)
    if (!options) return { key: 'full', filter: 'full' }
    onlyKeys('miniBlocks', options, ['detail', COALESCE_OPTION, RESUME_OPTION])
    const detail = options.detail ?? 'full'
    if (typeof detail !== 'string' || !MINI_BLOCK_DETAILS.includes(detail as MiniBlockDetail)) {
      throw new InvalidParamsError(`miniBlocks takes ${SHAPE}`)
    }
    return {
      key: detail,
      filter: detail,
      fromMiniBlock: resumeOption(options),
      coalesceMs: coalesceOption(options[COALESCE_OPTION]),
    }
  },
}

function coalesceOption(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_COALESCE_MS) {
    return value
  }
  throw new InvalidParamsError(
    `${COALESCE_OPTION} must be an integer number of milliseconds from 1 to ${MAX_COALESCE_MS}`,
  )
}
