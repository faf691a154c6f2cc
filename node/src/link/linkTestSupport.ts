// Test support for the link's tests; not part of the folder's public surface.

import {
  decodeLinkResponse,
  encodeStreamEvent,
  type LinkResponse,
  type StreamEvent,
  type TxInclusion,
} from '@rtevm/protocol'
import { createTxSigner, type TxSigner } from '@rtevm/testkit'
import { expect } from 'vitest'
import WebSocket from 'ws'
import { defineConfig, type SequencerConfigInput } from '../config/index.ts'
import { createSequencer, type Sequencer } from '../sequencer/index.ts'

/** A real sequencer plus signers for its dev accounts with locally tracked nonces. */
export type TestChain = {
  sequencer: Sequencer
  /** A signed 1-wei transfer from dev account `from`, with optional calldata to make it big. */
  transfer(from?: number, data?: Uint8Array): Uint8Array
  /** Submits `count` transfers one after another: each lands in its own mini-block. */
  submitSequential(count: number, from?: number): Promise<TxInclusion[]>
}

export async function startTestChain(input: SequencerConfigInput = {}): Promise<TestChain> {
  const sequencer = await createSequencer(defineConfig({ ...input, link: { port: 0, ...input.link } }))
  const signers: TxSigner[] = sequencer.devAccounts.map((account) =>
    createTxSigner(account.privateKey, account.address, sequencer.config.chainId),
  )
  const nonces = signers.map(() => 0n)
  const sink = sequencer.devAccounts[sequencer.devAccounts.length - 1].address
  function transfer(from = 0, data?: Uint8Array): Uint8Array {
    // 40 gas per calldata byte covers the EIP-7623 floor (Prague).
    const gasLimit = data ? 21_000n + 40n * BigInt(data.length) : 21_000n
    return signers[from].sign({
      nonce: nonces[from]++,
      to: sink,
      value: 1n,
      gasLimit,
      data,
      maxFeePerGas: 2_000_000_000n,
      maxPriorityFeePerGas: 1n,
    })
  }
  return {
    sequencer,
    transfer,
    async submitSequential(count, from = 0) {
      const inclusions: TxInclusion[] = []
      for (let i = 0; i < count; i++) inclusions.push(await sequencer.submit(transfer(from)))
      return inclusions
    },
  }
}

/**
 * Asserts that `received` is exactly the log's events from `fromSeq` to the
 * head, byte for byte once re-encoded. Compares seqs first (a readable
 * diff), then bytes with Buffer.equals: vitest's deep equality on megabytes of
 * Uint8Array takes seconds.
 */
export function expectSameAsLog(received: StreamEvent[], sequencer: Sequencer, fromSeq: bigint): void {
  const logged = sequencer.events.readFrom(fromSeq, Number.MAX_SAFE_INTEGER)
  expect(received.map((event) => event.seq)).toEqual(logged.map((entry) => entry.event.seq))
  const firstMismatch = received.findIndex(
    (event, i) => !Buffer.from(encodeStreamEvent(event)).equals(logged[i].bytes),
  )
  expect(firstMismatch, 'index of the first event whose bytes differ from the log').toBe(-1)
}

/** A bare `ws` socket speaking the link protocol, for frames the real client never sends. */
export type RawPeer = {
  ws: WebSocket
  frames: LinkResponse[]
  closed: Promise<{ code: number; reason: string }>
}

export async function openRawPeer(url: string): Promise<RawPeer> {
  const ws = new WebSocket(url, { perMessageDeflate: false })
  const frames: LinkResponse[] = []
  ws.on('message', (data) => frames.push(decodeLinkResponse(data as Buffer)))
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return { ws, frames, closed }
}

/** Options for vi.waitFor: generous, since the machine may be busy with other suites. */
export const WAIT = { timeout: 4000, interval: 5 }

/** The backend methods a link test does not exercise (devnet, witnesses, attestations): every call refuses. */
export const notExercised = {
  submitAs: () => Promise.reject(new Error('submitAs is not part of this test')),
  dev: () => Promise.reject(new Error('dev commands are not part of this test')),
  witness: () => Promise.reject(new Error('witnesses are not part of this test')),
  attest: () => Promise.reject(new Error('attestations are not part of this test')),
  encodedGenesis: () => Promise.reject(new Error('genesis is not part of this test')),
}
