/** Field names in rtevm's lighter details, and in MegaETH's (`full`) shape. */
const LIGHT = { number: Buffer.from('"number":"0x'), timestamp: Buffer.from('"timestamp":"0x') }
const FULL = {
  number: Buffer.from('"mini_block_number":"0x'),
  timestamp: Buffer.from('"mini_block_timestamp":"0x'),
}

/**
 * Calls `each` with the number and sealing time (µs) of every mini-block in a
 * `miniBlocks` notification frame, in order: one for a plain notification,
 * several for a coalesced one (`result` an array). Reads only those two
 * fields; whole-payload parsing would make the client the bottleneck.
 */
export function scanMiniBlocks(
  frame: Buffer,
  full: boolean,
  each: (number: bigint, sealedUs: number) => void,
): void {
  const fields = full ? FULL : LIGHT
  let from = 0
  for (;;) {
    const n = frame.indexOf(fields.number, from)
    if (n < 0) return
    const nStart = n + fields.number.length
    const nEnd = frame.indexOf(0x22, nStart)
    const t = frame.indexOf(fields.timestamp, nEnd)
    if (t < 0) return
    const tStart = t + fields.timestamp.length
    const tEnd = frame.indexOf(0x22, tStart)
    each(
      BigInt(`0x${frame.toString('latin1', nStart, nEnd)}`),
      Number.parseInt(frame.toString('latin1', tStart, tEnd), 16),
    )
    from = tEnd
  }
}
