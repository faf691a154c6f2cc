import type { Sequencer } from '@rtevm/node'
import { createTxSigner } from '@rtevm/testkit'
import { CHAIN_ID, devAccounts, fees } from '../benchChain.ts'

/**
 * Transfers kept in flight, as many as the JSON-RPC throughput figure keeps:
 * enough that the sequencer never waits, while a deeper queue only makes each
 * mini-block bigger (the sequencer seals when its queue drains).
 */
const WINDOW = 64

/** Pre-signed ETH transfers between the dev accounts, consumed in order across runs so nonces stay contiguous. */
export type TransferPool = { readonly raws: readonly Uint8Array[]; next: number }

export function signTransferPool(count: number): TransferPool {
  const signers = devAccounts.map((a) => createTxSigner(a.privateKey, a.address, BigInt(CHAIN_ID)))
  const raws: Uint8Array[] = []
  for (let i = 0; i < count; i++) {
    const s = i % signers.length
    raws.push(
      signers[s].sign({
        nonce: BigInt(Math.floor(i / signers.length)),
        to: devAccounts[(s + 1) % signers.length].address,
        value: 1n,
        gasLimit: 21_000n,
        ...fees,
      }),
    )
  }
  return { raws, next: 0 }
}

export type DriveRun = { included: number; failed: number; exhausted: boolean; seconds: number }

/**
 * Keeps WINDOW transfers in flight in the in-process sequencer, as fast as it
 * admits them, until `stop` (which resolves once the last one settled).
 */
export function driveFullRate(sequencer: Sequencer, pool: TransferPool): { stop(): Promise<DriveRun> } {
  let inflight = 0
  let included = 0
  let failed = 0
  let stopped = false
  let settledAll: (() => void) | undefined
  const started = performance.now()
  let ended = started
  const settle = (ok: boolean) => {
    inflight--
    if (ok) included++
    else failed++
    if (!stopped) refill()
    if (inflight === 0) {
      ended = performance.now()
      settledAll?.()
    }
  }
  const refill = () => {
    while (inflight < WINDOW && pool.next < pool.raws.length) {
      inflight++
      sequencer.submit(pool.raws[pool.next++]).then(
        () => settle(true),
        () => settle(false),
      )
    }
  }
  refill()
  return {
    async stop() {
      stopped = true
      if (inflight > 0) await new Promise<void>((resolve) => (settledAll = resolve))
      return {
        included,
        failed,
        exhausted: pool.next >= pool.raws.length,
        seconds: (ended - started) / 1000,
      }
    },
  }
}
